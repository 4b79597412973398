import { z } from 'zod';

export { notificationPreferencesSchema } from '../../domain/notifications';

/** GET /api/me/notifications: bad values are 422s naming the parameter. */
export const notificationListQuerySchema = z.object({
  unread: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  page: z.coerce.number({ error: 'must be a whole number ≥ 1' }).int().min(1).default(1),
  pageSize: z.coerce.number({ error: 'must be a whole number from 1 to 100' }).int().min(1).max(100).default(20),
});
