import type { Client } from '@temporalio/client';
import { isMemberAt } from '../domain/board/composition';
import type { MeetingNotice } from '../domain/board/meeting';
import type { MeetingState } from '../domain/board/types';
import type { PersonRef } from '../domain/roles';
import { berlinDate } from '../domain/time';
import { renderStatusReportPdf } from '../reports/board/status-report-pdf';
import { listAttachments, storeAttachment } from '../store/attachments';
import { loadBoard } from '../store/boards';
import { buildStatusReport } from '../store/implementation-items';
import { saveMeetingProjection } from '../store/meetings';
import type { Models } from '../store/models';
import { createNotifications, type NotificationInput } from '../store/notifications';

export interface SaveMeetingInput {
  meeting: MeetingState;
  notices: MeetingNotice[];
}

const berlinDateTime = new Intl.DateTimeFormat('de-DE', {
  timeZone: 'Europe/Berlin',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** The meeting's start as the mails print it: `12.03.2026, 18:00` (Berlin time). */
export function meetingStartText(startsAt: string): string {
  return berlinDateTime.format(new Date(startsAt));
}

/**
 * One notification per recipient and notice; the id holds the sequence, so a
 * retried activity sends nothing twice and every new sequence reaches everyone.
 * The mail dispatcher attaches the ICS (worker/mail/calendar.ts).
 */
export function meetingNotifications(meeting: MeetingState, notices: MeetingNotice[]): NotificationInput[] {
  return notices.flatMap((notice) =>
    notice.recipients.map((person) => ({
      id: `${notice.kind}:${meeting.id}:${notice.sequence}:${person.id}`,
      userId: person.id,
      regionId: meeting.regionId,
      kind: notice.kind,
      params: {
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        startsAt: meetingStartText(meeting.startsAt),
        place: meeting.place ?? (meeting.onlineUrl ? 'online' : null),
        sequence: notice.sequence,
        reason: notice.reason,
      },
    })),
  );
}

/** The name the report's file gets: one per meeting and due day, so a retried activity finds the file it stored. */
const reportFileName = (meeting: MeetingState, at: string) => `Sachstandsbericht-${meeting.id}-${berlinDate(at)}.pdf`;

/** Side effects of the meeting workflow. */
export function createMeetingActivities(models: Models, _client: Client) {
  return {
    /** Writes the read model, then queues the invitations, updates or cancellations; idempotent. */
    async saveMeeting({ meeting, notices }: SaveMeetingInput): Promise<void> {
      await saveMeetingProjection(models, meeting);
      await createNotifications(models, meetingNotifications(meeting, notices));
    },

    /** Who is invited (every board member and deputy whose term covers the day) and the report's lead time. */
    async loadMeetingBoard({ regionId, date }: { regionId: string; date: string }): Promise<{ invitees: PersonRef[]; reportLeadDays: number }> {
      const board = await loadBoard(models, regionId);
      const invitees = board.members.filter((m) => isMemberAt(board, m.userId, date)).map((m) => ({ id: m.userId, name: m.name }));
      return { invitees, reportLeadDays: board.reportLeadDays };
    },

    /** Builds the implementation status report as of now, renders it and attaches the PDF to the meeting. */
    async generateStatusReport({ meeting, at }: { meeting: MeetingState; at: string }): Promise<{ generatedAt: string; attachmentId: string }> {
      const fileName = reportFileName(meeting, at);
      const target = { kind: 'meeting' as const, id: meeting.id };
      // A retry of this same generation (the same `at`) finds the file its first attempt stored; a later one makes a fresh report.
      const earlier = (await listAttachments(models, target)).find((a) => a.fileName === fileName && Date.parse(a.uploadedAt) === Date.parse(at));
      if (earlier) return { generatedAt: earlier.uploadedAt, attachmentId: earlier.id };
      const report = await buildStatusReport(models, meeting.regionId, at);
      const pdf = await renderStatusReportPdf({ report, locale: 'de' });
      const stored = await storeAttachment(
        models,
        {
          target: { ...target, regionId: meeting.regionId, title: meeting.title, taskId: null, mandateId: null, mandateTitle: null },
          fileName,
          contentType: 'application/pdf',
          content: pdf,
          uploadedBy: { id: 'system', name: 'System' },
        },
        new Date(at),
      );
      return { generatedAt: stored.uploadedAt, attachmentId: stored.id };
    },
  };
}

export type MeetingActivities = ReturnType<typeof createMeetingActivities>;
