import { z } from 'zod';

/** What a notification is about; one name per kind everywhere (store, API, e-mail, web). */
export const NOTIFICATION_KINDS = [
  'task-assigned',
  'task-delegated',
  'task-reminder',
  'task-due',
  'task-escalated',
  'task-follow-up',
  'task-review-requested',
  'task-approved',
  'task-rejected',
  'task-cancelled',
  'mention',
  'absence-substitute',
  'vote-opened',
  'vote-reminder',
  'vote-closed',
  'meeting-invitation',
  'meeting-updated',
  'meeting-cancelled',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** How a user wants e-mail: one per notification, one digest a day (07:00 Berlin), or none. In-app is always on. */
export const EMAIL_PREFERENCES = ['immediate', 'digest', 'off'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface NotificationPreferences {
  email: EmailPreference;
  locale: Locale;
}

export const DEFAULT_PREFERENCES: NotificationPreferences = { email: 'immediate', locale: 'de' };

/** PUT /api/me/notification-preferences: either field may be left out and keeps its value. */
export const notificationPreferencesSchema = z.strictObject({
  email: z.enum(EMAIL_PREFERENCES).optional(),
  locale: z.enum(LOCALES).optional(),
});

export type NotificationParams = Record<string, string | number | null>;

/** Where a notification leads in the web UI (a hash route). */
export function notificationLink(n: {
  kind: NotificationKind;
  regionId: string;
  taskId?: string | null;
  mandateId?: string | null;
  params?: NotificationParams;
}): string {
  const region = encodeURIComponent(n.regionId);
  const voteId = n.params?.voteId;
  const meetingId = n.params?.meetingId;
  if (n.kind.startsWith('vote-') && typeof voteId === 'string') return `#/regions/${region}/votes/${encodeURIComponent(voteId)}`;
  if (n.kind.startsWith('meeting-') && typeof meetingId === 'string') return `#/regions/${region}/meetings/${encodeURIComponent(meetingId)}`;
  if (n.taskId) return `#/regions/${region}/tasks/${encodeURIComponent(n.taskId)}`;
  if (n.mandateId) return `#/regions/${region}/mandates/${encodeURIComponent(n.mandateId)}`;
  if (n.kind === 'absence-substitute') return `#/regions/${region}/absences`;
  return '#/notifications';
}
