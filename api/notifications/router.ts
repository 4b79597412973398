import { Router } from 'express';
import { NotFoundError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/fields';
import {
  countUnreadNotifications,
  getNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  setNotificationPreferences,
} from '../../store/notifications';
import { authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { presentNotification } from '../presenters/notification';
import { notificationListQuerySchema, notificationPreferencesSchema } from './schemas';

/**
 * The caller's own notifications and notification settings, mounted at /api/me.
 * Every query is by the caller's user id: someone else's notification is a 404.
 */
export function notificationsRouter(ctx: ApiContext): Router {
  const router = Router();
  // Only on these paths, so GET /api/me stays with the me router.
  router.use(['/notifications', '/notification-preferences'], authenticate(ctx));

  router.get('/notifications', async (req, res) => {
    const { user } = callerOf(res);
    const query = parseOrThrow(notificationListQuerySchema, req.query);
    const { items, total, unread } = await listNotifications(ctx.models, user.id, {
      unread: query.unread === 'true',
      page: query.page,
      pageSize: query.pageSize,
    });
    res.json({ items: items.map(presentNotification), total, unread, page: query.page, pageSize: query.pageSize });
  });

  router.get('/notifications/unread-count', async (_req, res) => {
    res.json({ unread: await countUnreadNotifications(ctx.models, callerOf(res).user.id) });
  });

  router.post('/notifications/read-all', async (_req, res) => {
    const { user } = callerOf(res);
    const marked = await markAllNotificationsRead(ctx.models, user.id);
    res.json({ marked, unread: await countUnreadNotifications(ctx.models, user.id) });
  });

  router.post('/notifications/:notificationId/read', async (req, res) => {
    const { user } = callerOf(res);
    const notification = await markNotificationRead(ctx.models, user.id, req.params.notificationId);
    if (!notification) throw new NotFoundError(`No notification '${req.params.notificationId}'.`);
    res.json(presentNotification(notification));
  });

  router.get('/notification-preferences', async (_req, res) => {
    res.json(await getNotificationPreferences(ctx.models, callerOf(res).user.id));
  });

  router.put('/notification-preferences', async (req, res) => {
    const { user } = callerOf(res);
    const change = parseOrThrow(notificationPreferencesSchema, req.body ?? {});
    const prefs = await setNotificationPreferences(ctx.models, user.id, change);
    ctx.logger.info({ userId: user.id, emailPreference: prefs.email, locale: prefs.locale }, 'notification preferences changed');
    res.json(prefs);
  });

  return router;
}
