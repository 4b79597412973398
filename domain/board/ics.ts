import { berlinDate } from '../time';
import type { MeetingState } from './types';

/**
 * iCalendar (RFC 5545) for meeting invitations, updates and cancellations
 * (iTIP, RFC 5546: METHOD REQUEST / CANCEL). Calendar clients match the
 * messages of one meeting by UID and order them by SEQUENCE, so the UID
 * never changes and the caller raises `meeting.sequence` with every change
 * invitees are told about. Pure: the time stamp comes in as `now`.
 */

export interface IcsPerson {
  name: string;
  email: string;
}

export interface MeetingIcsInput {
  method: 'REQUEST' | 'CANCEL';
  organizer: IcsPerson;
  attendees: IcsPerson[];
  /** The meeting's page in the web app. */
  url: string | null;
  /** When the message is made (DTSTAMP), an ISO 8601 instant. */
  now: string;
  /** Optional text placed before the agenda in DESCRIPTION, e.g. the reason for a cancellation. */
  note?: string | null;
}

const PRODID = '-//mandate-engine//Gremiensitzungen//DE';
const MAX_LINE_OCTETS = 75;

/** The iCalendar text (CRLF line endings, folded) of a meeting invitation or cancellation. */
export function meetingIcs(meeting: MeetingState, input: MeetingIcsInput): string {
  const cancelled = input.method === 'CANCEL';
  const location = [meeting.place, meeting.onlineUrl].filter((part): part is string => !!part).join(' / ');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${input.method}`,
    'BEGIN:VEVENT',
    `UID:${meetingUid(meeting.id)}`,
    `SEQUENCE:${meeting.sequence}`,
    `DTSTAMP:${utcDateTime(input.now)}`,
    `DTSTART:${utcDateTime(meeting.startsAt)}`,
    `DTEND:${utcDateTime(meeting.endsAt)}`,
    `SUMMARY:${escapeText(meeting.title)}`,
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    `DESCRIPTION:${escapeText(describe(meeting, cancelled, input.note ?? null))}`,
    // URL is a URI value: RFC 5545 does not escape it (a caller never passes line breaks).
    ...(input.url ? [`URL:${input.url}`] : []),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `ORGANIZER;CN=${paramValue(input.organizer.name)}:mailto:${input.organizer.email}`,
    ...input.attendees.map((a) => `ATTENDEE;CN=${paramValue(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.email}`),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** Stable per meeting: every update and the cancellation must carry the invitation's UID. */
export function meetingUid(meetingId: string): string {
  return `meeting-${meetingId}@mandate-engine`;
}

/** Attachment / download name, e.g. `sitzung-2026-03-12.ics` (the Berlin date of the meeting). */
export function icsFileName(meeting: Pick<MeetingState, 'startsAt'>): string {
  return `sitzung-${berlinDate(meeting.startsAt)}.ics`;
}

/** German, as the invitations are: the agenda as TOP 1, TOP 2 …, then the online link. */
function describe(meeting: MeetingState, cancelled: boolean, note: string | null): string {
  const parts: string[] = [];
  if (cancelled) parts.push('Die Sitzung ist abgesagt.');
  if (note) parts.push(note);
  parts.push(
    meeting.agenda.length > 0 ? ['Tagesordnung:', ...meeting.agenda.map((item, i) => `TOP ${i + 1}: ${item.title}`)].join('\n') : 'Die Tagesordnung folgt.',
  );
  if (meeting.onlineUrl) parts.push(`Online-Teilnahme: ${meeting.onlineUrl}`);
  return parts.join('\n\n');
}

/** `2026-03-12T17:00:00+01:00` → `20260312T160000Z` (DATE-TIME in UTC form). */
function utcDateTime(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${instant}`);
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and
 * line breaks. Other control characters are not allowed in TEXT and dropped.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
  );
}

/**
 * A parameter value such as CN: quoted when it holds `:`, `;` or `,`;
 * `^`, `"` and line breaks are written as RFC 6868 caret escapes, which
 * cannot appear in a parameter otherwise.
 */
function paramValue(value: string): string {
  const encoded = value
    .replace(/\^/g, '^^')
    .replace(/"/g, "^'")
    .replace(/\r\n|\r|\n/g, '^n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
  return /[:;,]/.test(encoded) ? `"${encoded}"` : encoded;
}

/**
 * Folds a content line into lines of at most 75 octets (UTF-8), each
 * continuation starting with a space (RFC 5545 3.1). Splits only between
 * code points, so no UTF-8 sequence (or surrogate pair) is cut in two.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char.codePointAt(0) ?? 0);
    // The continuation's leading space counts towards its 75 octets.
    if (octets + size > MAX_LINE_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** Octets of a code point in UTF-8 (a lone surrogate is written as U+FFFD: 3 octets). */
function utf8Octets(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
