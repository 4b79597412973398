import type { NotificationRecord } from '../../store/notifications';

/** A notification as the API shows it to its recipient. */
export function presentNotification(n: NotificationRecord) {
  return {
    id: n.id,
    kind: n.kind,
    regionId: n.regionId,
    taskId: n.taskId,
    mandateId: n.mandateId,
    params: { ...n.params },
    createdAt: n.createdAt,
    readAt: n.readAt,
    link: n.link,
  };
}
