import type { AgendaItem, DecisionRecord } from '../../domain/board/types';
import type { ReportLang } from '../../domain/monitoring/number-format';
import { formatDate } from '../format';
import { ReportDocument } from '../pdf-document';
import { optionTitles } from './decision-pdf';
import type { MinutesInput, MinutesVote } from './types';
import {
  BOARD_TEXTS,
  castingVoteText,
  choiceText,
  optionOrder,
  decisionNumberOf,
  formatTimeSpan,
  participantsText,
  procedureText,
  quorumText,
  recusalText,
  resultText,
  secrecyText,
  tallyText,
} from './wording';

const TEXTS = {
  de: {
    date: 'Datum',
    time: 'Beginn und Ende',
    place: 'Ort',
    online: 'Online-Teilnahme',
    status: 'Status',
    statuses: { planned: 'geplant', held: 'durchgeführt', cancelled: 'abgesagt' },
    attendance: 'Anwesenheit',
    present: 'Anwesend',
    absent: 'Abwesend',
    guests: 'Gäste',
    noQuorum: 'Die Anwesenheit ist nicht festgestellt.',
    agenda: 'Tagesordnung',
    noAgenda: 'Die Tagesordnung enthält keine Punkte.',
    item: 'TOP',
    notPublic: 'nicht öffentlich',
    notPublicNote: 'Dieser Tagesordnungspunkt wurde in nicht öffentlicher Sitzung behandelt.',
    note: 'Bemerkungen',
    noVote: 'Zu diesem Tagesordnungspunkt fand keine Abstimmung statt.',
    open: 'Die Abstimmung ist noch nicht abgeschlossen.',
    cancelled: 'Die Abstimmung wurde abgebrochen.',
    decisionFrom: 'Daraus ergangen',
    report: 'Der Sachstandsbericht zur Beschlusskontrolle lag der Sitzung vor.',
  },
  en: {
    date: 'Date',
    time: 'Start and end',
    place: 'Place',
    online: 'Online',
    status: 'Status',
    statuses: { planned: 'planned', held: 'held', cancelled: 'cancelled' },
    attendance: 'Attendance',
    present: 'Present',
    absent: 'Absent',
    guests: 'Guests',
    noQuorum: 'Attendance has not been recorded.',
    agenda: 'Agenda',
    noAgenda: 'The agenda has no items.',
    item: 'Item',
    notPublic: 'not public',
    notPublicNote: 'This item was dealt with in closed session.',
    note: 'Notes',
    noVote: 'No vote was taken on this item.',
    open: 'The vote has not been closed yet.',
    cancelled: 'The vote was cancelled.',
    decisionFrom: 'Resulting decision',
    report: 'The implementation status report was before the meeting.',
  },
} as const;

const names = (list: string[]) => (list.length > 0 ? list.join(', ') : '–');

/** `TOP 3: Kita-Ausbau`, or in the public minutes `TOP 3: nicht öffentlich` for a closed item. */
function itemHeading(item: AgendaItem, index: number, publicOnly: boolean, lang: ReportLang): string {
  const t = TEXTS[lang];
  const label = `${t.item} ${index + 1}`;
  if (item.public) return `${label}: ${item.title}`;
  return publicOnly ? `${label}: ${t.notPublic}` : `${label}: ${item.title} (${t.notPublic})`;
}

function attendanceSection(report: ReportDocument, input: MinutesInput): void {
  const { attendance, locale: lang } = input;
  const t = TEXTS[lang];
  report.heading(t.attendance, 2);
  report.paragraph(`${t.present} (${attendance.present.length}): ${names(attendance.present)}.`);
  report.paragraph(`${t.absent} (${attendance.absent.length}): ${names(attendance.absent)}.`);
  if (attendance.guests && attendance.guests.length > 0) report.paragraph(`${t.guests}: ${names(attendance.guests)}.`);
  const { quorum } = attendance;
  if (!quorum) {
    report.paragraph(t.noQuorum);
    return;
  }
  const { present, required, reached } = quorum;
  report.paragraph(
    lang === 'de'
      ? `Beschlussfähigkeit: ${present} von ${attendance.seats} stimmberechtigten Sitzen anwesend (erforderlich: ${required}). ` +
          `Das Gremium war ${reached ? 'beschlussfähig' : 'nicht beschlussfähig'}.`
      : `Quorum: ${present} of ${attendance.seats} voting seats present (required: ${required}). ` +
          `The board ${reached ? 'had a quorum' : 'did not have a quorum'}.`,
  );
}

/** One vote: procedure, result, tally, quorum; named ballots from its decision record, or only who took part when secret. */
function voteParagraphs(report: ReportDocument, vote: MinutesVote, decision: DecisionRecord | undefined, lang: ReportLang, number: string): void {
  const t = BOARD_TEXTS[lang];
  const m = TEXTS[lang];
  report.paragraph(`${t.vote}${number} (${procedureText(vote.mode, vote.showOfHands, lang)}, ${secrecyText(vote.secret, lang)})`, { bold: true });
  if (vote.status === 'cancelled' || !vote.outcome) {
    report.paragraph(vote.status === 'cancelled' ? m.cancelled : m.open);
    return;
  }
  const titles = decision ? optionTitles(decision) : new Map<string, string>();
  const { outcome } = vote;
  report.paragraph(`${t.result}: ${resultText(outcome.result, decision?.optionTitle ?? titles.get(outcome.optionId ?? '') ?? null, lang)}.`);
  report.paragraph(`${t.tally}: ${tallyText(outcome.tally, titles, lang)}.`);
  report.paragraph(`${quorumText(outcome.quorum, lang)}.`);
  if (outcome.castingVote) report.paragraph(castingVoteText(lang));
  if (decision?.secret)
    report.paragraph(
      participantsText(
        decision.participants.map((p) => p.name),
        lang,
      ),
    );
  else if (!vote.secret && decision?.votes && decision.votes.length > 0) {
    const ballots = decision.votes.map((v) => {
      const by = v.castBy.id === v.memberId ? '' : ` (${t.byDeputy} ${v.castBy.name})`;
      return `${v.name}${by}: ${choiceText(v.choice, v.optionId, titles, optionOrder(outcome.tally), lang)}`;
    });
    report.paragraph(`${t.namedVotes}: ${ballots.join('; ')}.`);
  }
}

function itemSection(report: ReportDocument, entry: MinutesInput['items'][number], index: number, input: MinutesInput): void {
  const { item } = entry;
  const { locale: lang, publicOnly } = input;
  const t = BOARD_TEXTS[lang];
  const m = TEXTS[lang];
  report.beginSection();
  report.heading(itemHeading(item, index, publicOnly, lang), 2);
  // The published minutes say that a closed item was dealt with, and nothing of what.
  if (!item.public && publicOnly) {
    report.paragraph(m.notPublicNote);
    report.endSection();
    return;
  }
  if (item.description) report.paragraph(item.description);
  if (item.kind === 'report' && item.attachmentId) report.paragraph(m.report);
  for (const recusal of entry.recusals) report.paragraph(recusalText(recusal, lang));
  if (entry.votes.length === 0 && entry.decisions.length === 0) report.paragraph(m.noVote);
  entry.votes.forEach((vote, i) => {
    // A correction carries the vote's id too; the vote is told with the record it made.
    const ofVote = entry.decisions.filter((d) => d.voteId === vote.id);
    const decision = ofVote.find((d) => d.corrects === null) ?? ofVote[0];
    voteParagraphs(report, vote, decision, lang, entry.votes.length > 1 ? ` ${i + 1}` : '');
  });
  // In the order they were made, whatever order they come in: a correction follows what it corrects.
  const decisions = [...entry.decisions].sort((a, b) => a.year - b.year || a.seq - b.seq);
  for (const decision of decisions) {
    const what = decision.corrects ? `${t.correctionOf} ${decisionNumberOf(decision.corrects)}` : resultText(decision.result, decision.optionTitle, lang);
    report.paragraph(`${m.decisionFrom}: ${t.decision} ${decision.number} (${what})`, { bold: true });
    report.paragraph(`${t.decisionText}: ${decision.text}`);
  }
  report.endSection();
}

/**
 * The minutes (Niederschrift) of a meeting: attendance and quorum, the agenda, and per item recusals, votes and the
 * decisions made. The public version keeps closed items as „nicht öffentlich“ without their content.
 */
export function renderMinutesPdf(input: MinutesInput): Promise<Buffer> {
  const { meeting, locale: lang, publicOnly } = input;
  const t = BOARD_TEXTS[lang];
  const m = TEXTS[lang];
  const title = `${t.minutes}: ${meeting.title}${publicOnly ? ` (${t.publicPart})` : ''}`;
  const report = new ReportDocument({
    title,
    lang,
    author: `${input.boardName}, ${input.regionName}`,
    subject: `${t.minutes}: ${meeting.title}`,
    createdAt: new Date(meeting.updatedAt),
  });
  report.heading(title, 1);
  const facts: [string, string][] = [
    [t.board, input.boardName],
    [t.region, input.regionName],
    [m.date, formatDate(meeting.startsAt, lang)],
    [m.time, formatTimeSpan(meeting.startsAt, meeting.endsAt, lang)],
  ];
  if (meeting.place) facts.push([m.place, meeting.place]);
  if (meeting.onlineUrl && !publicOnly) facts.push([m.online, meeting.onlineUrl]);
  facts.push([m.status, m.statuses[meeting.status]]);
  report.facts(facts);
  attendanceSection(report, input);

  report.heading(m.agenda, 2);
  if (input.items.length === 0) report.paragraph(m.noAgenda);
  else report.list(input.items.map((e, i) => itemHeading(e.item, i, publicOnly, lang)));
  input.items.forEach((entry, i) => itemSection(report, entry, i, input));
  // The note is free text about the whole meeting and may touch closed items: only the full minutes carry it.
  if (meeting.minutesNote && !publicOnly) {
    report.heading(m.note, 2);
    report.paragraph(meeting.minutesNote);
  }
  return report.finish(() => `${title} · ${formatDate(meeting.startsAt, lang)}`);
}
