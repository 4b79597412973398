import ICAL from 'ical.js';
import fc from 'fast-check';
import { escapeText, foldLine, icsFileName, meetingIcs, type MeetingIcsInput } from './ics';
import type { AgendaItem, MeetingState } from './types';

const person = { id: 'u-office', name: 'Olga Office' };

function agendaItem(id: string, title: string): AgendaItem {
  return { id, kind: 'other', title, description: null, mandateId: null, public: true, voteIds: [], decisionNumbers: [], attachmentId: null };
}

function meeting(overrides: Partial<MeetingState> = {}): MeetingState {
  return {
    id: 'm-42',
    regionId: 'r-1',
    title: 'Sitzung des Bildungsbeirats',
    startsAt: '2026-03-12T17:00:00+01:00',
    endsAt: '2026-03-12T19:30:00+01:00',
    place: 'Rathaus, Saal 2',
    onlineUrl: null,
    status: 'planned',
    sequence: 0,
    invitedAt: null,
    agenda: [agendaItem('a1', 'Begrüßung'), agendaItem('a2', 'Haushalt 2027')],
    attendance: [],
    statusReport: null,
    minutesNote: null,
    createdBy: person,
    createdAt: '2026-02-01T09:00:00.000Z',
    updatedAt: '2026-02-01T09:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const request: MeetingIcsInput = {
  method: 'REQUEST',
  organizer: { name: 'Geschäftsstelle Bildungsregion', email: 'office@example.org' },
  attendees: [
    { name: 'Anna Müller', email: 'anna@example.org' },
    { name: 'Weiß, Jörg', email: 'joerg@example.org' },
  ],
  url: 'https://app.example.org/#/meetings/m-42',
  now: '2026-02-20T08:15:30.123Z',
};

/** Parses with ical.js, as a calendar client would: the calendar and its one event. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');
const physicalLines = (ics: string) => ics.split('\r\n').slice(0, -1);
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('meetingIcs', () => {
  it('when an invitation is made, then ical.js reads method, UID, sequence, times, summary, location and status', () => {
    const { calendar, vevent, event } = parse(meetingIcs(meeting(), request));

    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toMatch(/mandate-engine/);
    expect(event.uid).toBe('meeting-m-42@mandate-engine');
    expect(event.sequence).toBe(0);
    expect(event.startDate.toString()).toBe('2026-03-12T16:00:00Z');
    expect(event.endDate.toString()).toBe('2026-03-12T18:30:00Z');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-12T16:00:00.000Z');
    expect(String(vevent.getFirstPropertyValue('dtstamp'))).toBe('2026-02-20T08:15:30Z');
    expect(event.summary).toBe('Sitzung des Bildungsbeirats');
    expect(event.location).toBe('Rathaus, Saal 2');
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(vevent.getFirstPropertyValue('url')).toBe('https://app.example.org/#/meetings/m-42');
  });

  it('when written, then lines end with CRLF, times are UTC and no line exceeds 75 octets', () => {
    const ics = meetingIcs(meeting(), request);

    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(ics).toContain('\r\nDTSTART:20260312T160000Z\r\n');
    expect(ics).toContain('\r\nDTEND:20260312T183000Z\r\n');
    expect(ics).toContain('\r\nDTSTAMP:20260220T081530Z\r\n');
    for (const line of physicalLines(ics)) expect(utf8(line)).toBeLessThanOrEqual(75);
  });

  it('when the agenda has items and there is an online link, then the description numbers them as TOP 1, TOP 2 and gives the link', () => {
    const online = meeting({ onlineUrl: 'https://meet.example.org/beirat?pw=a,b;c' });
    const { event } = parse(meetingIcs(online, request));

    expect(event.description).toBe('Tagesordnung:\nTOP 1: Begrüßung\nTOP 2: Haushalt 2027\n\nOnline-Teilnahme: https://meet.example.org/beirat?pw=a,b;c');
    expect(event.location).toBe('Rathaus, Saal 2 / https://meet.example.org/beirat?pw=a,b;c');
  });

  it('when the meeting is online only and has no agenda yet, then the location is the link and the description says the agenda follows', () => {
    const { event } = parse(meetingIcs(meeting({ place: null, onlineUrl: 'https://meet.example.org/x', agenda: [] }), { ...request, url: null }));

    expect(event.location).toBe('https://meet.example.org/x');
    expect(event.description).toBe('Die Tagesordnung folgt.\n\nOnline-Teilnahme: https://meet.example.org/x');
    expect(event.component.getFirstProperty('url')).toBeNull();
  });

  it('when there is neither place nor link, then LOCATION is left out', () => {
    const ics = meetingIcs(meeting({ place: null }), request);

    expect(unfold(ics)).not.toMatch(/^LOCATION/m);
    expect(parse(ics).event.location).toBeNull();
  });

  it('when texts hold umlauts, commas, semicolons, backslashes and line breaks, then they are escaped and read back unchanged', () => {
    const title = 'Übergänge Kita → Grundschule; Maßnahmen, Ziele \\ Prüfung';
    const place = 'Straße 5, 2. OG; Raum „Süd“ \\ links';
    const agendaTitle = 'Bericht: A, B; C\\D\nzweite Zeile';
    const ics = meetingIcs(meeting({ title, place, agenda: [agendaItem('a1', agendaTitle)] }), request);

    expect(unfold(ics)).toContain('SUMMARY:Übergänge Kita → Grundschule\\; Maßnahmen\\, Ziele \\\\ Prüfung\r\n');
    const { event } = parse(ics);
    expect(event.summary).toBe(title);
    expect(event.location).toBe(place);
    expect(event.description).toBe(`Tagesordnung:\nTOP 1: ${agendaTitle}`);
  });

  it('when organizer and attendees are given, then ical.js reads their names, roles and addresses', () => {
    const withQuote = { ...request, attendees: [...request.attendees, { name: 'Dr. "Kai" Ünal^2', email: 'kai@example.org' }] };
    const { vevent } = parse(meetingIcs(meeting(), withQuote));

    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe('Geschäftsstelle Bildungsregion');
    expect(organizer.getFirstValue()).toBe('mailto:office@example.org');
    const attendees = vevent.getAllProperties('attendee').map((p) => ({
      cn: p.getParameter('cn'),
      role: p.getParameter('role'),
      partstat: p.getParameter('partstat'),
      rsvp: p.getParameter('rsvp'),
      value: p.getFirstValue(),
    }));
    expect(attendees).toEqual([
      { cn: 'Anna Müller', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE', value: 'mailto:anna@example.org' },
      { cn: 'Weiß, Jörg', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE', value: 'mailto:joerg@example.org' },
      { cn: 'Dr. "Kai" Ünal^2', role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION', rsvp: 'TRUE', value: 'mailto:kai@example.org' },
    ]);
  });

  it('when a line is longer than 75 octets, then it is folded between characters and unfolds to the original', () => {
    const title = 'Sitzung über die Fortschreibung des Bildungsmonitorings für Übergänge 🎓 ' + 'äöü€'.repeat(30);
    const ics = meetingIcs(meeting({ title }), request);

    const lines = physicalLines(ics);
    const summary = lines.findIndex((line) => line.startsWith('SUMMARY:'));
    expect(lines[summary + 1]).toMatch(/^ /);
    expect(lines[summary + 2]).toMatch(/^ /);
    for (const line of physicalLines(ics)) {
      expect(utf8(line)).toBeLessThanOrEqual(75);
      // A split surrogate pair or UTF-8 sequence would not survive a strict decode of the line on its own.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(line, 'utf8'))).toBe(line);
    }
    expect(unfold(ics)).toContain(`\r\nSUMMARY:${title}\r\n`);
    expect(parse(ics).event.summary).toBe(title);
  });

  it('when the meeting is cancelled, then METHOD:CANCEL, STATUS:CANCELLED and the same UID with a higher sequence', () => {
    const invitation = parse(meetingIcs(meeting({ sequence: 2 }), request));
    const cancellation = parse(
      meetingIcs(meeting({ sequence: 3, status: 'cancelled' }), { ...request, method: 'CANCEL', note: 'Krankheitsbedingt; neuer Termin folgt.' }),
    );

    expect(cancellation.calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancellation.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancellation.event.uid).toBe(invitation.event.uid);
    expect(cancellation.event.sequence).toBeGreaterThan(invitation.event.sequence);
    expect(cancellation.event.sequence).toBe(3);
    expect(cancellation.event.description).toMatch(/^Die Sitzung ist abgesagt\.\n\nKrankheitsbedingt; neuer Termin folgt\.\n\nTagesordnung:/);
    expect(cancellation.vevent.getAllProperties('attendee')).toHaveLength(2);
  });

  it('when any title and place are given, then ical.js reads them back unchanged and every line stays within 75 octets', () => {
    // Texts as users type them: any Unicode (emoji, umlauts, combining marks), line breaks and the characters TEXT escapes.
    const userText = fc
      .array(fc.oneof(fc.string({ unit: 'grapheme', minLength: 1 }), fc.constantFrom('\\', ';', ',', '\n', ':', '"', 'ß', '€', '🎓', '\\n')), {
        minLength: 1,
        maxLength: 40,
      })
      .map((parts) => parts.join(''))
      // Control characters other than tab and line feed are not allowed in TEXT (escapeText drops them, tested below).
      // eslint-disable-next-line no-control-regex
      .filter((s) => !/[\x00-\x08\x0b-\x1f\x7f]/.test(s));
    fc.assert(
      fc.property(userText, userText, (title, place) => {
        const ics = meetingIcs(meeting({ title, place, agenda: [agendaItem('a1', title)] }), request);
        for (const line of physicalLines(ics)) expect(utf8(line)).toBeLessThanOrEqual(75);
        const { event } = parse(ics);
        expect(event.summary).toBe(title);
        expect(event.location).toBe(place);
        expect(event.description).toBe(`Tagesordnung:\nTOP 1: ${title}`);
      }),
    );
  });
});

describe('escapeText', () => {
  it('when a text holds CR/LF line breaks or other control characters, then breaks become \\n and the others are dropped', () => {
    expect(escapeText('a\r\nb\rc\nd\u0007e\tf')).toBe('a\\nb\\nc\\nde\tf');
  });
});

describe('foldLine', () => {
  it('when a line is exactly 75 octets, then it is not folded; one more octet folds it', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
  });

  it('when a multi-octet character would cross octet 75, then it moves whole to the next line', () => {
    // 74 ASCII octets + "ä" (2 octets) would be 76.
    expect(foldLine(`${'x'.repeat(74)}ä`)).toBe(`${'x'.repeat(74)}\r\n ä`);
  });

  it('when any line is folded, then each part is at most 75 octets, valid UTF-8, and unfolds to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (line) => {
        const folded = foldLine(line);
        for (const part of folded.split('\r\n')) {
          expect(utf8(part)).toBeLessThanOrEqual(75);
          expect(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'utf8'))).toBe(part);
        }
        expect(folded.replace(/\r\n /g, '')).toBe(line);
      }),
    );
  });
});

describe('icsFileName', () => {
  it('when a meeting starts late in the evening UTC, then the name carries its Berlin date', () => {
    expect(icsFileName(meeting({ startsAt: '2026-03-12T23:30:00.000Z' }))).toBe('sitzung-2026-03-13.ics');
  });
});
