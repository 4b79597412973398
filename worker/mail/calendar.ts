import { icsFileName, meetingIcs } from '../../domain/board/ics';
import { notificationLink } from '../../domain/notifications';
import { findMeeting, meetingCalendarPeople } from '../../store/meetings';
import type { StoredNotification } from '../../store/notifications';
import type { MailDeps } from './outbox';
import { absoluteLink } from './render';
import type { CalendarPart } from './transport';

/** The bare address of MAIL_FROM (`Name <a@b>` or `a@b`): the ICS organizer. */
export function addressOf(from: string): string {
  return /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}

/**
 * The calendar part of a meeting notification's mail, built when it is sent
 * from the meeting as it is then (its latest time, agenda and SEQUENCE), so a
 * mail that waited in the outbox never carries an outdated event. A cancelled
 * meeting always goes out as METHOD:CANCEL. Null for other notifications, or
 * when the meeting is gone.
 */
export async function meetingCalendarPart(deps: MailDeps, notification: StoredNotification, now: Date): Promise<CalendarPart | null> {
  const meetingId = notification.params?.meetingId;
  if (!notification.kind.startsWith('meeting-') || typeof meetingId !== 'string') return null;
  const meeting = await findMeeting(deps.models, meetingId);
  if (!meeting) return null;
  const method = notification.kind === 'meeting-cancelled' || meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const { organizerName, attendees } = await meetingCalendarPeople(deps.models, meeting);
  const link = notificationLink({ kind: notification.kind as 'meeting-invitation', regionId: notification.regionId, params: notification.params });
  const reason = notification.params?.reason;
  const content = meetingIcs(meeting, {
    method,
    organizer: { name: organizerName, email: addressOf(deps.from) },
    attendees,
    url: absoluteLink(deps.publicUrl, link),
    now: now.toISOString(),
    note: method === 'CANCEL' && typeof reason === 'string' && reason ? reason : null,
  });
  return { method, content, filename: icsFileName(meeting) };
}
