import type { Choice, QuorumInfo, Recusal, TallyEntry, TrafficLight, VoteMode, VoteResultKind } from '../../domain/board/types';
import type { ReportLang } from '../../domain/monitoring/number-format';
import { berlinOffsetMinutes } from '../../domain/time';
import { formatDate } from '../format';

/** Fixed texts of the board's PDFs, German (formal administrative) and English. */
export const BOARD_TEXTS = {
  de: {
    decision: 'Beschluss',
    minutes: 'Niederschrift',
    publicPart: 'öffentlicher Teil',
    statusReport: 'Sachstandsbericht Beschlusskontrolle',
    board: 'Gremium',
    region: 'Region',
    subject: 'Gegenstand',
    decidedAt: 'Beschlossen am',
    recordedAt: 'Erfasst am',
    procedure: 'Verfahren',
    ballot: 'Abstimmungsart',
    decisionText: 'Beschlusstext',
    vote: 'Abstimmung',
    result: 'Ergebnis',
    tally: 'Abstimmungsergebnis',
    namedVotes: 'Namentliche Abstimmung',
    member: 'Mitglied',
    choice: 'Stimme',
    castBy: 'Abgegeben durch',
    self: 'selbst',
    deputy: 'Stellvertretung',
    byDeputy: 'vertreten durch',
    recusals: 'Befangenheit',
    rationale: 'Begründung',
    dissent: 'Abweichende Meinungen (Sondervoten)',
    dossier: 'Entscheidungsgrundlage (Dossier)',
    checksum: 'Prüfsumme (SHA-256)',
    dossierTitle: 'Titel',
    dossierUnreadable: 'Der Inhalt des Dossiers liegt in einer Form vor, die hier nicht dargestellt werden kann; maßgeblich ist die Prüfsumme.',
    takenAt: 'Stand',
    options: 'Handlungsoptionen',
    option: 'Option',
    cost: 'Kosten',
    costUnknown: 'nicht beziffert',
    expectedEffect: 'Erwartete Wirkung',
    chosen: 'Beschlossen',
    notStated: 'nicht angegeben',
    data: 'Datengrundlage',
    implementation: 'Umsetzung (Beschlusskontrolle)',
    noItems: 'Zu diesem Beschluss sind keine Umsetzungsmaßnahmen erfasst.',
    measure: 'Maßnahme',
    responsible: 'Verantwortlich',
    due: 'Fällig am',
    light: 'Ampel',
    delayReason: 'Grund der Verzögerung',
    task: 'Aufgabe',
    correctionOf: 'Berichtigung von',
    correctionReason: 'Grund der Berichtigung',
    correctedBy: 'Dieser Beschluss ist berichtigt durch',
    yes: 'ja',
    no: 'nein',
  },
  en: {
    decision: 'Decision',
    minutes: 'Minutes',
    publicPart: 'public part',
    statusReport: 'Implementation status report',
    board: 'Board',
    region: 'Region',
    subject: 'Matter',
    decidedAt: 'Decided on',
    recordedAt: 'Recorded on',
    procedure: 'Procedure',
    ballot: 'Kind of vote',
    decisionText: 'Text of the decision',
    vote: 'Vote',
    result: 'Result',
    tally: 'Votes cast',
    namedVotes: 'Named vote',
    member: 'Member',
    choice: 'Vote',
    castBy: 'Cast by',
    self: 'in person',
    deputy: 'deputy',
    byDeputy: 'by deputy',
    recusals: 'Conflicts of interest',
    rationale: 'Reasons',
    dissent: 'Dissenting opinions',
    dossier: 'Basis of the decision (dossier)',
    checksum: 'Checksum (SHA-256)',
    dossierTitle: 'Title',
    dossierUnreadable: 'The dossier is stored in a form that cannot be shown here; the checksum identifies it.',
    takenAt: 'As of',
    options: 'Options',
    option: 'Option',
    cost: 'Cost',
    costUnknown: 'not quantified',
    expectedEffect: 'Expected effect',
    chosen: 'Decided',
    notStated: 'not stated',
    data: 'Evidence',
    implementation: 'Implementation (follow-up)',
    noItems: 'No implementation items are recorded for this decision.',
    measure: 'Item',
    responsible: 'Responsible',
    due: 'Due',
    light: 'Traffic light',
    delayReason: 'Reason for delay',
    task: 'Task',
    correctionOf: 'Correction of',
    correctionReason: 'Reason for the correction',
    correctedBy: 'This decision has been corrected by',
    yes: 'yes',
    no: 'no',
  },
} as const;

export const quote = (text: string, lang: ReportLang) => (lang === 'de' ? `„${text}“` : `“${text}”`);

/** `BB-2026-009` (the id) → `BB-2026/009` (the number); anything else stays as it is. */
export function decisionNumberOf(id: string): string {
  return id.replace(/^(.+-\d{4})-(\d{3,})$/, '$1/$2');
}

/** The Berlin wall-clock time of an instant, `18:00`. */
function berlinTime(instant: string): string {
  const ms = Date.parse(instant);
  return new Date(ms + berlinOffsetMinutes(ms) * 60000).toISOString().slice(11, 16);
}

/** A meeting's time, Berlin: `18:00 – 20:00 Uhr`, or with dates when it runs past midnight. */
export function formatTimeSpan(startsAt: string, endsAt: string, lang: ReportLang): string {
  const suffix = lang === 'de' ? ' Uhr' : '';
  if (formatDate(startsAt, lang) === formatDate(endsAt, lang)) return `${berlinTime(startsAt)} – ${berlinTime(endsAt)}${suffix}`;
  const at = (instant: string) => `${formatDate(instant, lang)}, ${berlinTime(instant)}${suffix}`;
  return `${at(startsAt)} – ${at(endsAt)}`;
}

const RESULTS: Record<ReportLang, Record<Exclude<VoteResultKind, 'option'>, string>> = {
  de: {
    approved: 'angenommen',
    not_approved: 'abgelehnt',
    revise: 'zur Überarbeitung zurückverwiesen',
    reject: 'abgelehnt (keine der Optionen)',
    no_quorum: 'nicht beschlussfähig, kein Ergebnis',
    tie: 'Stimmengleichheit, kein Ergebnis',
  },
  en: {
    approved: 'carried',
    not_approved: 'rejected',
    revise: 'sent back for revision',
    reject: 'rejected (none of the options)',
    no_quorum: 'no quorum, no result',
    tie: 'tie, no result',
  },
};

/** The result in words: `angenommen`, `abgelehnt`, `Option „Ausbau“ angenommen`. */
export function resultText(result: VoteResultKind, optionTitle: string | null, lang: ReportLang): string {
  if (result !== 'option') return RESULTS[lang][result];
  const title = quote(optionTitle ?? '?', lang);
  return lang === 'de' ? `Option ${title} angenommen` : `option ${title} carried`;
}

const CHOICES: Record<ReportLang, Record<Exclude<Choice, 'option'>, [one: string, many: string]>> = {
  de: {
    yes: ['Ja', 'Ja'],
    no: ['Nein', 'Nein'],
    abstain: ['Enthaltung', 'Enthaltungen'],
    revise: ['Überarbeitung', 'Überarbeitung'],
    reject: ['Ablehnung', 'Ablehnung'],
  },
  en: { yes: ['yes', 'yes'], no: ['no', 'no'], abstain: ['abstention', 'abstentions'], revise: ['revision', 'revision'], reject: ['rejection', 'rejection'] },
};

/**
 * The option titles a tally or a ballot refers to. The record keeps only the chosen option's title, so the others come
 * from the dossier (mandate options) or, failing that, are numbered in ballot order: `Option 2`.
 */
export type OptionTitles = ReadonlyMap<string, string>;

function optionLabel(optionId: string | null | undefined, titles: OptionTitles, order: string[], lang: ReportLang): string {
  const title = optionId ? titles.get(optionId) : undefined;
  if (title) return quote(title, lang);
  const index = optionId ? order.indexOf(optionId) : -1;
  return `${BOARD_TEXTS[lang].option} ${index >= 0 ? index + 1 : '?'}`;
}

/** The ballot's option ids in ballot order, as the tally lists them: the numbering of options without a known title. */
export function optionOrder(tally: TallyEntry[]): string[] {
  return tally.filter((e) => e.choice === 'option').map((e) => e.optionId ?? '');
}

/** A single ballot's choice in words: `Ja`, `Enthaltung`, `„Ausbau um 180 Plätze“`. */
export function choiceText(choice: Choice, optionId: string | null, titles: OptionTitles, order: string[], lang: ReportLang): string {
  return choice === 'option' ? optionLabel(optionId, titles, order, lang) : CHOICES[lang][choice][0];
}

/** `5 Ja, 1 Nein, 1 Enthaltung`; option ballots `„A“: 3, „B“: 1, Ablehnung: 0, Enthaltungen: 1`. */
export function tallyText(tally: TallyEntry[], titles: OptionTitles, lang: ReportLang): string {
  const order = optionOrder(tally);
  const yesNo = tally.every((e) => e.choice === 'yes' || e.choice === 'no' || e.choice === 'abstain');
  return tally
    .map((e) => {
      if (e.choice === 'option') return `${optionLabel(e.optionId, titles, order, lang)}: ${e.count}`;
      const [one, many] = CHOICES[lang][e.choice];
      const word = e.count === 1 ? one : many;
      return yesNo ? `${e.count} ${word}` : `${word}: ${e.count}`;
    })
    .join(', ');
}

/** `Beschlussfähigkeit: 6 von 7 stimmberechtigten Sitzen anwesend/beteiligt (erforderlich: 4)`, with recused seats named. */
export function quorumText(quorum: Pick<QuorumInfo, 'eligible' | 'participating' | 'required' | 'recused' | 'reached'>, lang: ReportLang): string {
  const { eligible, participating, required, recused, reached } = quorum;
  if (lang === 'de') {
    const base = `Beschlussfähigkeit: ${participating} von ${eligible} stimmberechtigten Sitzen anwesend/beteiligt (erforderlich: ${required})`;
    const without = recused > 0 ? `; ${recused} ${recused === 1 ? 'Sitz' : 'Sitze'} wegen Befangenheit ausgenommen` : '';
    return `${base}${without}${reached ? '' : ' – nicht beschlussfähig'}`;
  }
  const base = `Quorum: ${participating} of ${eligible} voting seats present/taking part (required: ${required})`;
  const without = recused > 0 ? `; ${recused} ${recused === 1 ? 'seat' : 'seats'} excluded for conflict of interest` : '';
  return `${base}${without}${reached ? '' : ' – no quorum'}`;
}

/** `Umlaufverfahren`, `in der Sitzung`, `in der Sitzung, per Handzeichen`. */
export function procedureText(mode: VoteMode, showOfHands: boolean, lang: ReportLang): string {
  if (mode === 'written') return lang === 'de' ? 'Umlaufverfahren' : 'written procedure';
  const meeting = lang === 'de' ? 'in der Sitzung' : 'in the meeting';
  return showOfHands ? `${meeting}, ${lang === 'de' ? 'per Handzeichen' : 'by show of hands'}` : meeting;
}

export function secrecyText(secret: boolean, lang: ReportLang): string {
  if (lang === 'de') return secret ? 'geheime Abstimmung' : 'namentliche Abstimmung';
  return secret ? 'secret ballot' : 'named vote';
}

export function castingVoteText(lang: ReportLang): string {
  return lang === 'de'
    ? 'Bei Stimmengleichheit hat der Stichentscheid der Vorsitzenden den Ausschlag gegeben.'
    : 'The tie was decided by the chair’s casting vote.';
}

/** Secret votes keep who took part, never how. */
export function participantsText(names: string[], lang: ReportLang): string {
  if (lang === 'de') {
    const intro = 'Geheime Abstimmung: Festgehalten sind nur das Ergebnis und die Teilnahme, nicht die Stimmen Einzelner.';
    return `${intro} Teilgenommen ${names.length === 1 ? 'hat' : 'haben'} (${names.length}): ${names.join(', ') || '–'}.`;
  }
  return `Secret ballot: only the result and who took part are kept, not how anyone voted. Took part (${names.length}): ${names.join(', ') || '–'}.`;
}

/** `Frau X hat an der Beratung und Abstimmung nicht teilgenommen (befangen).` */
export function recusalText(recusal: Pick<Recusal, 'name' | 'reason'>, lang: ReportLang): string {
  const reason = recusal.reason ? `: ${recusal.reason}` : '';
  return lang === 'de'
    ? `${recusal.name} hat an der Beratung und Abstimmung nicht teilgenommen (befangen${reason}).`
    : `${recusal.name} took no part in the deliberation and the vote (conflict of interest${reason}).`;
}

const LIGHTS: Record<ReportLang, Record<TrafficLight, string>> = {
  de: { red: 'Rot', yellow: 'Gelb', green: 'Grün', done: 'Erledigt' },
  en: { red: 'Red', yellow: 'Yellow', green: 'Green', done: 'Done' },
};

/** The traffic light as a word, never as a colour alone. */
export function lightText(light: TrafficLight, lang: ReportLang): string {
  return LIGHTS[lang][light];
}

/** What each light means, for the legend. */
export function lightMeaning(light: TrafficLight, yellowDays: number, lang: ReportLang): string {
  const de = {
    red: 'Fälligkeitsdatum überschritten',
    yellow: `fällig innerhalb von ${yellowDays} Tagen`,
    green: 'im Zeitplan',
    done: 'Aufgabe abgeschlossen',
  };
  const en = { red: 'past its due date', yellow: `due within ${yellowDays} days`, green: 'on schedule', done: 'task completed' };
  return (lang === 'de' ? de : en)[light];
}

const TASK_STATUSES: Record<ReportLang, Record<string, string>> = {
  de: { open: 'offen', claimed: 'in Bearbeitung', in_review: 'in Prüfung', done: 'erledigt', cancelled: 'abgebrochen' },
  en: { open: 'open', claimed: 'in progress', in_review: 'in review', done: 'done', cancelled: 'cancelled' },
};

export function taskStatusText(status: string, lang: ReportLang): string {
  return TASK_STATUSES[lang][status] ?? status;
}

/** Red items first, then yellow, green and done, each by due date: what needs attention leads. */
export function byUrgency<T extends { light: TrafficLight; dueDate: string }>(items: readonly T[]): T[] {
  const rank: Record<TrafficLight, number> = { red: 0, yellow: 1, green: 2, done: 3 };
  return [...items].sort((a, b) => rank[a.light] - rank[b.light] || a.dueDate.localeCompare(b.dueDate));
}
