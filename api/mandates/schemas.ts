import { z } from 'zod';
import { calendarDate } from '../../domain/fields';
import { phaseSchema } from '../../domain/phases';
import { endOfBerlinDay } from '../../domain/time';

/** Query of the mandate list: unknown phases and bad numbers are 422s naming the parameter. */
export const listQuerySchema = z.object({
  phase: phaseSchema.optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number({ error: 'must be a whole number ≥ 1' }).int().min(1).default(1),
  pageSize: z.coerce.number({ error: 'must be a whole number from 1 to 100' }).int().min(1).max(100).default(20),
});

const DATE_FIELDS = ['voteDeadline', 'deadline'] as const;

/**
 * Brings the deadline fields of an action payload to UTC instants: a calendar
 * date becomes the end of that day in Berlin, a date-time with offset its UTC
 * form. Anything else is left as it is, for the domain schema to reject.
 */
export function normalizeDeadlines(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const result: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of DATE_FIELDS) {
    const value = result[field];
    if (typeof value !== 'string') continue;
    if (calendarDate.safeParse(value).success) result[field] = endOfBerlinDay(value);
    else if (z.iso.datetime({ offset: true }).safeParse(value).success) result[field] = new Date(value).toISOString();
  }
  return result;
}
