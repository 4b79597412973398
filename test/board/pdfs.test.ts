import type { AgendaItem, DecisionRecord, MeetingState, QuorumInfo, TrafficLight } from '../../domain/board/types';
import type { PersonRef } from '../../domain/roles';
import { renderDecisionPdf } from '../../reports/board/decision-pdf';
import { renderMinutesPdf } from '../../reports/board/minutes-pdf';
import { renderStatusReportPdf } from '../../reports/board/status-report-pdf';
import type { LitItem, MinutesInput, StatusReport } from '../../reports/board/types';
import { dossierContent, dossierHash, REGION, SUPPRESSED_RATE } from '../monitoring/report-fixtures';
import { pdfInfo, pdfText } from '../support/pdf';

/** Running text, with the line breaks of the layout folded away. */
const flow = (text: string) => text.replace(/\s+/g, ' ');

const BOARD = 'Bildungsbeirat Großenhain-Süd';
const person = (id: string, name: string): PersonRef => ({ id, name });
const MEMBERS = [
  person('u-becker', 'Dr. Anna Becker'),
  person('u-yilmaz', 'Murat Yılmaz'),
  person('u-schulz', 'Frau Petra Schulz'),
  person('u-wagner', 'Jonas Wagner'),
  person('u-krause', 'Birgit Krause'),
  person('u-neumann', 'Heinz Neumann'),
  person('u-fischer', 'Lea Fischer'),
];
const [becker, yilmaz, schulz, wagner, krause, neumann, fischer] = MEMBERS as [PersonRef, PersonRef, PersonRef, PersonRef, PersonRef, PersonRef, PersonRef];
const RECUSED = person('u-hoffmann', 'Frau Sabine Hoffmann');
const DEPUTY = person('u-lang', 'Tobias Lang');
const office = person('u-office', 'Geschäftsstelle Bildungsbüro');

const quorum = (overrides: Partial<QuorumInfo> = {}): QuorumInfo => ({
  seats: 8,
  recused: 1,
  eligible: 7,
  required: 4,
  participating: 7,
  reached: true,
  ...overrides,
});

/** A named yes/no vote in the written procedure on a mandate: 5 yes, 1 no, 1 abstention, one member recused. */
function record(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
  const choices = ['yes', 'yes', 'yes', 'no', 'yes', 'abstain', 'yes'] as const;
  return {
    id: 'BB-2026-007',
    number: 'BB-2026/007',
    regionId: 'grossenhain',
    boardCode: 'BB',
    year: 2026,
    seq: 7,
    voteId: 'v-m-kita-2024-1',
    subject: {
      kind: 'mandate-approval',
      mandateId: 'm-kita-2024',
      meetingId: null,
      itemId: null,
      title: 'Ausbau der frühkindlichen Bildung',
      motion: 'Der Beirat billigt den Auftrag.',
    },
    text: 'Der Bildungsbeirat beauftragt das Bildungsbüro, den Ausbau der U3-Betreuung nach Option 1 vorzubereiten und bis zum 30.06.2026 zu berichten.',
    result: 'approved',
    optionId: null,
    optionTitle: null,
    tally: [
      { choice: 'yes', count: 5 },
      { choice: 'no', count: 1 },
      { choice: 'abstain', count: 1 },
    ],
    quorum: quorum(),
    castingVote: false,
    mode: 'written',
    secret: false,
    votes: MEMBERS.map((m, i) => ({
      memberId: m.id,
      name: m.name,
      castBy: m === neumann ? DEPUTY : m,
      choice: choices[i]!,
      optionId: null,
    })),
    participants: MEMBERS.map((m) => (m === neumann ? DEPUTY : m)),
    recusals: [
      { memberId: RECUSED.id, name: RECUSED.name, reason: 'Trägerin einer betroffenen Kita', declaredAt: '2026-03-02T09:00:00.000Z', recordedBy: RECUSED },
    ],
    rationale: 'Der Bedarf an Plätzen übersteigt das Angebot deutlich.',
    dissent: [{ memberId: wagner.id, name: wagner.name, text: 'Die Kosten sind nicht gegenfinanziert.' }],
    dossier: { hash: dossierHash, content: dossierContent },
    decidedAt: '2026-03-10T16:00:00.000Z',
    recordedAt: '2026-03-10T16:00:05.000Z',
    recordedBy: null,
    corrects: null,
    correctionReason: null,
    ...overrides,
  };
}

function item(id: string, title: string, light: TrafficLight, dueDate: string, delayReason: string | null = null): LitItem {
  return {
    id,
    regionId: 'grossenhain',
    decisionId: 'BB-2026-007',
    title,
    responsible: schulz,
    dueDate,
    taskId: `t-${id}`,
    delayReason,
    createdAt: '2026-03-11T08:00:00.000Z',
    createdBy: office,
    light,
  };
}

const ITEMS = [
  item('i1', 'Standortanalyse vorlegen', 'green', '2026-09-30'),
  item('i2', 'Förderantrag beim Land stellen', 'red', '2026-04-15', 'Die Förderrichtlinie ist noch nicht veröffentlicht.'),
  item('i3', 'Trägergespräche führen', 'yellow', '2026-05-08'),
];

const decisionInput = (r: DecisionRecord = record(), extra: { correctedBy?: string[]; locale?: 'de' | 'en'; items?: LitItem[] } = {}) => ({
  record: r,
  correctedBy: extra.correctedBy ?? [],
  regionName: REGION,
  boardName: BOARD,
  items: extra.items ?? ITEMS,
  locale: extra.locale ?? ('de' as const),
});

describe('renderDecisionPdf', () => {
  let pdf: Buffer;
  let text: string;
  let all: string;

  beforeAll(async () => {
    pdf = await renderDecisionPdf(decisionInput());
    text = await pdfText(pdf);
    all = flow(text);
  });

  it('when a named written vote carried, then number, text, result, tally, quorum and procedure are stated in German', () => {
    expect(all).toContain('Beschluss BB-2026/007');
    expect(all).toContain('Beschlusstext');
    expect(all).toContain(record().text);
    expect(all).toContain('Ergebnis: angenommen.');
    expect(all).toContain('Abstimmungsergebnis: 5 Ja, 1 Nein, 1 Enthaltung.');
    expect(all).toContain('Beschlussfähigkeit: 7 von 7 stimmberechtigten Sitzen anwesend/beteiligt (erforderlich: 4); 1 Sitz wegen Befangenheit ausgenommen.');
    expect(all).toContain('Umlaufverfahren');
    expect(all).toContain('namentliche Abstimmung');
    expect(all).toContain('10.03.2026');
    expect(all).toContain(BOARD);
    expect(all).not.toContain('Stichentscheid');
  });

  it('when the vote was named, then every member stands with their choice, a deputy as such', () => {
    expect(all).toContain('Namentliche Abstimmung');
    expect(text).toMatch(/Dr\. Anna Becker\s+Ja\s+selbst/);
    expect(text).toMatch(/Jonas Wagner\s+Nein\s+selbst/);
    expect(text).toMatch(/Heinz Neumann\s+Enthaltung\s+Stellvertretung: Tobias Lang/);
    expect(all).toContain('Murat Yilmaz');
  });

  it('when a member was recused, then they are named as having taken no part, with the reason', () => {
    expect(all).toContain('Frau Sabine Hoffmann hat an der Beratung und Abstimmung nicht teilgenommen (befangen: Trägerin einer betroffenen Kita).');
  });

  it('when given, then rationale and dissent are printed', () => {
    expect(all).toContain('Begründung');
    expect(all).toContain(record().rationale!);
    expect(all).toContain('Jonas Wagner: Die Kosten sind nicht gegenfinanziert.');
  });

  it('when the decision rested on a dossier, then its SHA-256, options and data are shown, suppressed values without their number', () => {
    expect(all).toContain(`Prüfsumme (SHA-256) ${dossierHash}`);
    for (const option of dossierContent.options) expect(all).toContain(option.title);
    expect(all).toContain('1.250.000 €');
    expect(all).toContain('nicht beziffert');
    expect(all).toContain('Betreuungsquote unter Dreijähriger');
    expect(text).toMatch(/2024\s+36,4 %/);
    expect(all).toContain('gesperrt (kleine Fallzahl)');
    expect(all).not.toMatch(new RegExp(`(^|[^\\d,])${String(SUPPRESSED_RATE).replace('.', ',')} %`));
  });

  it('when it has implementation items, then each shows its traffic light as a word, the overdue first with its reason', () => {
    expect(all).toContain('Umsetzung (Beschlusskontrolle)');
    expect(text).toMatch(/Förderantrag beim Land\s[\s\S]*Rot/);
    const order = ['Förderantrag', 'Trägergespräche', 'Standortanalyse'].map((title) => all.indexOf(title));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[0]).toBeGreaterThan(all.indexOf('Umsetzung (Beschlusskontrolle)'));
    for (const word of ['Rot', 'Gelb', 'Grün']) expect(text).toMatch(new RegExp(`\\s${word}\\s`));
    expect(all).toContain('Die Förderrichtlinie ist noch nicht veröffentlicht.');
    expect(all).toContain('15.04.2026');
  });

  it('when generated twice, then the bytes are the same; it is a tagged PDF with title and language', async () => {
    expect((await renderDecisionPdf(decisionInput())).equals(pdf)).toBe(true);
    const info = await pdfInfo(pdf);
    expect(info).toMatch(/Title:\s+Beschluss BB-2026\/007: Ausbau der frühkindlichen Bildung/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(pdf.toString('latin1')).toContain('/Lang (de-DE)');
    expect(text).toMatch(/Seite 1 von \d/);
  });

  it('when the vote was secret, then only the tally and who took part are shown, no names with choices', async () => {
    const secret = record({ secret: true, votes: null });
    const secretText = flow(await pdfText(await renderDecisionPdf(decisionInput(secret))));
    expect(secretText).toContain('geheime Abstimmung');
    expect(secretText).toContain('Abstimmungsergebnis: 5 Ja, 1 Nein, 1 Enthaltung.');
    expect(secretText).toContain('Teilgenommen haben (7)');
    for (const p of secret.participants) expect(secretText).toContain(p.name.replace('ı', 'i'));
    expect(secretText).not.toContain('Namentliche Abstimmung');
    expect(secretText).not.toMatch(/Becker:? (Ja|Nein|Enthaltung)/);
    expect(secretText).not.toContain('selbst');
  });

  it('when an option won by the chair’s casting vote, then the option and the casting vote are named, with every option’s count', async () => {
    const options = record({
      subject: { ...record().subject, kind: 'mandate-decision' },
      result: 'option',
      optionId: 'o2',
      optionTitle: 'Kindertagespflege stärken',
      castingVote: true,
      tally: [
        { choice: 'option', optionId: 'o1', count: 3 },
        { choice: 'option', optionId: 'o2', count: 3 },
        { choice: 'option', optionId: 'o3', count: 0 },
        { choice: 'reject', count: 0 },
        { choice: 'abstain', count: 1 },
      ],
      votes: null,
      secret: true,
    });
    const optionText = flow(await pdfText(await renderDecisionPdf(decisionInput(options))));
    expect(optionText).toContain('Ergebnis: Option „Kindertagespflege stärken“ angenommen.');
    expect(optionText).toContain(
      'Abstimmungsergebnis: „Neubau von drei Kitas in Großenhain“: 3, „Kindertagespflege stärken“: 3, „Keine zusätzliche Maßnahme“: 0, Ablehnung: 0, Enthaltung: 1.',
    );
    expect(optionText).toContain('Stichentscheid der Vorsitzenden');
    expect(optionText).toMatch(/Kindertagespflege stärken\s+480\.000,50 €\s+nicht angegeben\s+ja/);
    expect(optionText).toMatch(/Keine zusätzliche Maßnahme\s+nicht beziffert\s+nicht angegeben\s+nein/);
  });

  it('when an item vote among options has no dossier, then options without a known title are numbered in ballot order', async () => {
    const itemVote = record({
      subject: { kind: 'item', mandateId: null, meetingId: 'mt-2026-03', itemId: 'a1', title: 'Tagungsort 2027', motion: 'Wo tagt der Beirat 2027?' },
      result: 'option',
      optionId: 'x2',
      optionTitle: 'Kreishaus',
      tally: [
        { choice: 'option', optionId: 'x1', count: 1 },
        { choice: 'option', optionId: 'x2', count: 6 },
        { choice: 'abstain', count: 0 },
      ],
      votes: MEMBERS.map((m, i) => ({ memberId: m.id, name: m.name, castBy: m, choice: 'option' as const, optionId: i === 0 ? 'x1' : 'x2' })),
      dossier: null,
    });
    const text = await pdfText(await renderDecisionPdf(decisionInput(itemVote, { items: [] })));
    expect(flow(text)).toContain('Abstimmungsergebnis: Option 1: 1, „Kreishaus“: 6, Enthaltungen: 0.');
    expect(text).toMatch(/Dr\. Anna Becker\s+Option 1\s+selbst/);
    expect(text).toMatch(/Lea Fischer\s+„Kreishaus“\s+selbst/);
  });

  it('when a show of hands in the meeting did not carry, then it says abgelehnt, in der Sitzung, per Handzeichen', async () => {
    const hands = record({
      mode: 'meeting',
      result: 'not_approved',
      tally: [
        { choice: 'yes', count: 2 },
        { choice: 'no', count: 3 },
        { choice: 'abstain', count: 1 },
      ],
      quorum: quorum({ seats: 7, recused: 0, participating: 6 }),
      votes: [],
      participants: [],
      recusals: [],
      dossier: null,
    });
    const handsText = flow(await pdfText(await renderDecisionPdf(decisionInput(hands, { items: [] }))));
    expect(handsText).toContain('Ergebnis: abgelehnt.');
    expect(handsText).toContain('in der Sitzung, per Handzeichen');
    expect(handsText).toContain('Abstimmungsergebnis: 2 Ja, 3 Nein, 1 Enthaltung.');
    expect(handsText).toContain('Beschlussfähigkeit: 6 von 7 stimmberechtigten Sitzen anwesend/beteiligt (erforderlich: 4).');
    expect(handsText).toContain('Zu diesem Beschluss sind keine Umsetzungsmaßnahmen erfasst.');
    expect(handsText).not.toContain('Prüfsumme');
    expect(handsText).not.toContain('befangen');
  });

  it('when corrected, then the original names its correction and the correction names the original and why', async () => {
    const original = flow(await pdfText(await renderDecisionPdf(decisionInput(record(), { correctedBy: ['BB-2026-009'] }))));
    expect(original).toContain('Dieser Beschluss ist berichtigt durch BB-2026/009.');
    const correction = record({ id: 'BB-2026-009', number: 'BB-2026/009', seq: 9, corrects: 'BB-2026-007', correctionReason: 'Schreibfehler im Datum' });
    const corrected = flow(await pdfText(await renderDecisionPdf(decisionInput(correction))));
    expect(corrected).toContain('Beschluss BB-2026/009');
    expect(corrected).toContain('Berichtigung von BB-2026/007.');
    expect(corrected).toContain('Grund der Berichtigung: Schreibfehler im Datum');
    expect(all).not.toContain('berichtigt durch');
  });

  it('when the dossier has an unknown shape, then only its hash is shown', async () => {
    const odd = record({ dossier: { hash: 'a'.repeat(64), content: { something: 'else' } } });
    const oddText = flow(await pdfText(await renderDecisionPdf(decisionInput(odd))));
    expect(oddText).toContain(`Prüfsumme (SHA-256) ${'a'.repeat(64)}`);
    expect(oddText).toContain('nicht dargestellt werden kann');
    expect(oddText).not.toContain('Handlungsoptionen');
  });

  it('when the dossier comes as JSON text, then it is shown like the object', async () => {
    const json = record({ dossier: { hash: dossierHash, content: JSON.stringify(dossierContent) } });
    expect(flow(await pdfText(await renderDecisionPdf(decisionInput(json))))).toContain('Neubau von drei Kitas in Großenhain');
  });

  it('when English, then the texts are English', async () => {
    const english = flow(await pdfText(await renderDecisionPdf(decisionInput(record(), { locale: 'en', correctedBy: ['BB-2026-009'] }))));
    expect(english).toContain('Decision BB-2026/007');
    expect(english).toContain('Result: carried.');
    expect(english).toContain('Votes cast: 5 yes, 1 no, 1 abstention.');
    expect(english).toContain('Quorum: 7 of 7 voting seats present/taking part (required: 4); 1 seat excluded for conflict of interest.');
    expect(english).toContain('written procedure');
    expect(english).toContain('This decision has been corrected by BB-2026/009.');
    expect(english).toContain('took no part in the deliberation and the vote (conflict of interest');
    for (const word of ['Red', 'Yellow', 'Green']) expect(english).toContain(` ${word} `);
    expect(english).toMatch(/Page 1 of \d/);
    expect(english).toContain('2026-03-10');
  });
});

function agendaItem(id: string, title: string, overrides: Partial<AgendaItem> = {}): AgendaItem {
  return { id, kind: 'other', title, description: null, mandateId: null, public: true, voteIds: [], decisionNumbers: [], attachmentId: null, ...overrides };
}

function meeting(agenda: AgendaItem[]): MeetingState {
  return {
    id: 'mt-2026-03',
    regionId: 'grossenhain',
    title: '3. Sitzung des Bildungsbeirats',
    startsAt: '2026-03-10T16:00:00.000Z',
    endsAt: '2026-03-10T18:30:00.000Z',
    place: 'Landratsamt, Saal 2',
    onlineUrl: 'https://meet.example.org/beirat',
    status: 'held',
    sequence: 1,
    invitedAt: '2026-02-20T09:00:00.000Z',
    agenda,
    attendance: [],
    statusReport: null,
    minutesNote: 'Die Vorsitzende schloss die Sitzung um 19:30 Uhr.',
    createdBy: office,
    createdAt: '2026-02-19T09:00:00.000Z',
    updatedAt: '2026-03-10T18:35:00.000Z',
    version: 12,
  };
}

const CLOSED_DECISION = record({
  id: 'BB-2026-008',
  number: 'BB-2026/008',
  voteId: 'v-personal',
  subject: { kind: 'item', mandateId: null, meetingId: 'mt-2026-03', itemId: 'a2', title: 'Personalangelegenheit', motion: '' },
  text: 'Die Stelle der Bildungskoordination wird mit Frau Meier besetzt.',
  secret: true,
  votes: null,
  mode: 'meeting',
  recusals: [],
  dossier: null,
});

function minutesInput(overrides: Partial<MinutesInput> = {}): MinutesInput {
  const items = [
    agendaItem('a1', 'Ausbau der frühkindlichen Bildung', {
      kind: 'mandate',
      mandateId: 'm-kita-2024',
      description: 'Beratung der Vorlage des Bildungsbüros.',
    }),
    agendaItem('a2', 'Personalangelegenheit', { public: false, description: 'Besetzung der Stelle der Bildungskoordination.' }),
    agendaItem('a3', 'Sachstand Beschlusskontrolle', { kind: 'report', attachmentId: 'att-1' }),
  ];
  const decision = record({ mode: 'meeting', voteId: 'v-kita', votes: record().votes, participants: record().participants });
  return {
    meeting: meeting(items),
    regionName: REGION,
    boardName: BOARD,
    publicOnly: false,
    locale: 'de',
    attendance: {
      seats: 7,
      present: [becker.name, yilmaz.name, schulz.name, wagner.name, krause.name, fischer.name],
      absent: [neumann.name],
      guests: ['Dr. Klaus Richter (Jugendamt)'],
      quorum: { present: 6, required: 4, reached: true },
    },
    items: [
      {
        item: items[0]!,
        decisions: [decision],
        recusals: decision.recusals,
        votes: [
          {
            id: 'v-kita',
            mode: 'meeting',
            secret: false,
            status: 'closed',
            showOfHands: false,
            outcome: { result: 'approved', optionId: null, tally: decision.tally, quorum: decision.quorum, castingVote: false },
          },
        ],
      },
      {
        item: items[1]!,
        decisions: [CLOSED_DECISION],
        recusals: [{ memberId: yilmaz.id, name: 'Herr Murat Yilmaz', reason: null, declaredAt: '2026-03-10T17:00:00.000Z', recordedBy: becker }],
        votes: [
          {
            id: 'v-personal',
            mode: 'meeting',
            secret: true,
            status: 'closed',
            showOfHands: false,
            outcome: { result: 'approved', optionId: null, tally: CLOSED_DECISION.tally, quorum: CLOSED_DECISION.quorum, castingVote: false },
          },
        ],
      },
      { item: items[2]!, decisions: [], recusals: [], votes: [] },
    ],
    ...overrides,
  };
}

describe('renderMinutesPdf', () => {
  let full: string;
  let published: string;

  beforeAll(async () => {
    full = flow(await pdfText(await renderMinutesPdf(minutesInput())));
    published = flow(await pdfText(await renderMinutesPdf(minutesInput({ publicOnly: true }))));
  });

  it('when complete, then it states the meeting, attendance and quorum', () => {
    expect(full).toContain('Niederschrift: 3. Sitzung des Bildungsbeirats');
    expect(full).toContain('10.03.2026');
    expect(full).toContain('17:00 – 19:30 Uhr');
    expect(full).toContain('Landratsamt, Saal 2');
    expect(full).toContain('Anwesend (6): Dr. Anna Becker, Murat Yilmaz, Frau Petra Schulz, Jonas Wagner, Birgit Krause, Lea Fischer.');
    expect(full).toContain('Abwesend (1): Heinz Neumann.');
    expect(full).toContain('Gäste: Dr. Klaus Richter (Jugendamt).');
    expect(full).toContain('Beschlussfähigkeit: 6 von 7 stimmberechtigten Sitzen anwesend (erforderlich: 4). Das Gremium war beschlussfähig.');
  });

  it('when complete, then every item shows its content, recusals, votes and decisions', () => {
    expect(full).toContain('TOP 1: Ausbau der frühkindlichen Bildung');
    expect(full).toContain('Beratung der Vorlage des Bildungsbüros.');
    expect(full).toContain('Frau Sabine Hoffmann hat an der Beratung und Abstimmung nicht teilgenommen (befangen: Trägerin einer betroffenen Kita).');
    expect(full).toContain('Abstimmung (in der Sitzung, namentliche Abstimmung)');
    expect(full).toContain('Abstimmungsergebnis: 5 Ja, 1 Nein, 1 Enthaltung.');
    expect(full).toContain('Dr. Anna Becker: Ja; Murat Yilmaz: Ja; Frau Petra Schulz: Ja; Jonas Wagner: Nein');
    expect(full).toContain('Heinz Neumann (vertreten durch Tobias Lang): Enthaltung');
    expect(full).toContain('Daraus ergangen: Beschluss BB-2026/007 (angenommen)');
    expect(full).toContain(record().text);
    expect(full).toContain('TOP 2: Personalangelegenheit (nicht öffentlich)');
    expect(full).toContain('Besetzung der Stelle der Bildungskoordination.');
    expect(full).toContain('Herr Murat Yilmaz hat an der Beratung und Abstimmung nicht teilgenommen (befangen).');
    expect(full).toContain(CLOSED_DECISION.text);
    expect(full).toContain('TOP 3: Sachstand Beschlusskontrolle');
    expect(full).toContain('Der Sachstandsbericht zur Beschlusskontrolle lag der Sitzung vor.');
    expect(full).toContain('Die Vorsitzende schloss die Sitzung um 19:30 Uhr.');
  });

  it('when the vote was secret, then the minutes name who took part but nobody’s choice', () => {
    const secretPart = full.slice(full.lastIndexOf('TOP 2: Personalangelegenheit (nicht öffentlich)'), full.lastIndexOf('TOP 3: Sachstand'));
    expect(secretPart).toContain('geheime Abstimmung');
    expect(secretPart).toContain('Teilgenommen haben (7)');
    expect(secretPart).not.toMatch(/Becker: (Ja|Nein|Enthaltung)/);
  });

  it('when public only, then a closed item appears only as „nicht öffentlich“, without its title, content, recusals or decision', () => {
    expect(published).toContain('Niederschrift: 3. Sitzung des Bildungsbeirats (öffentlicher Teil)');
    expect(published).toContain('TOP 2: nicht öffentlich');
    expect(published).toContain('Dieser Tagesordnungspunkt wurde in nicht öffentlicher Sitzung behandelt.');
    for (const hidden of [
      'Personalangelegenheit',
      'Bildungskoordination',
      'Frau Meier',
      'BB-2026/008',
      'Herr Murat Yilmaz',
      'geheime Abstimmung',
      'meet.example.org',
    ]) {
      expect(published).not.toContain(hidden);
    }
    expect(published).not.toContain('schloss die Sitzung');
    expect(published).toContain('TOP 1: Ausbau der frühkindlichen Bildung');
    expect(published).toContain('Daraus ergangen: Beschluss BB-2026/007 (angenommen)');
    expect(published).toContain('Beschlussfähigkeit: 6 von 7');
  });

  it('when a vote had no quorum or is still open and attendance is not recorded, then it says so', async () => {
    const input = minutesInput();
    const noQuorum = { result: 'no_quorum' as const, optionId: null, tally: [], quorum: quorum({ participating: 2, reached: false }), castingVote: false };
    const entry = {
      item: input.items[0]!.item,
      decisions: [],
      recusals: [],
      votes: [
        { id: 'v-a', mode: 'written' as const, secret: false, status: 'unresolved' as const, showOfHands: false, outcome: noQuorum },
        { id: 'v-b', mode: 'meeting' as const, secret: false, status: 'open' as const, showOfHands: false, outcome: null },
      ],
    };
    const text = flow(await pdfText(await renderMinutesPdf({ ...input, attendance: { ...input.attendance, quorum: null }, items: [entry] })));
    expect(text).toContain('Die Anwesenheit ist nicht festgestellt.');
    expect(text).toContain('Abstimmung 1 (Umlaufverfahren, namentliche Abstimmung)');
    expect(text).toContain('Ergebnis: nicht beschlussfähig, kein Ergebnis.');
    expect(text).toContain(
      'Beschlussfähigkeit: 2 von 7 stimmberechtigten Sitzen anwesend/beteiligt (erforderlich: 4); 1 Sitz wegen Befangenheit ausgenommen – nicht beschlussfähig.',
    );
    expect(text).toContain('Die Abstimmung ist noch nicht abgeschlossen.');
  });

  it('when an item has a decision and its correction, then the vote is told with the original and both are listed in order', async () => {
    const input = minutesInput();
    const original = input.items[0]!.decisions[0]!;
    const correction = { ...original, id: 'BB-2026-009', number: 'BB-2026/009', seq: 9, corrects: original.id, text: 'Berichtigter Beschlusstext.' };
    const items = [{ ...input.items[0]!, decisions: [correction, original] }];
    const text = flow(await pdfText(await renderMinutesPdf({ ...input, items })));
    expect(text).toContain('Daraus ergangen: Beschluss BB-2026/007 (angenommen)');
    expect(text).toContain('Daraus ergangen: Beschluss BB-2026/009 (Berichtigung von BB-2026/007)');
    expect(text.indexOf('BB-2026/007 (angenommen)')).toBeLessThan(text.indexOf('BB-2026/009 (Berichtigung'));
    expect(text).toContain('Beschlusstext: Berichtigter Beschlusstext.');
  });

  it('when English, then the minutes are English', async () => {
    const english = flow(await pdfText(await renderMinutesPdf(minutesInput({ locale: 'en', publicOnly: true }))));
    expect(english).toContain('Minutes: 3. Sitzung des Bildungsbeirats (public part)');
    expect(english).toContain('Present (6):');
    expect(english).toContain('Quorum: 6 of 7 voting seats present (required: 4). The board had a quorum.');
    expect(english).toContain('Item 2: not public');
    expect(english).toContain('Votes cast: 5 yes, 1 no, 1 abstention.');
    expect(english).toContain('17:00 – 19:30');
  });
});

function statusReport(overrides: Partial<StatusReport> = {}): StatusReport {
  const withTask = (i: LitItem, taskStatus: string) => ({ ...i, taskStatus });
  return {
    regionId: 'grossenhain',
    regionName: REGION,
    boardName: BOARD,
    generatedAt: '2026-05-01T04:00:00.000Z',
    today: '2026-05-01',
    yellowDays: 14,
    counts: { red: 2, yellow: 1, green: 1, done: 1 },
    entries: [
      {
        decision: record(),
        items: [
          withTask(ITEMS[0]!, 'open'),
          withTask(ITEMS[1]!, 'claimed'),
          withTask(ITEMS[2]!, 'open'),
          withTask(item('i4', 'Elternbefragung auswerten', 'done', '2026-03-31'), 'done'),
        ],
      },
      {
        decision: { ...CLOSED_DECISION, subject: { ...CLOSED_DECISION.subject, title: 'Schulsozialarbeit an Oberschulen' } },
        items: [withTask(item('i5', 'Stellenausschreibung veröffentlichen', 'red', '2026-04-01'), 'open')],
      },
    ],
    ...overrides,
  };
}

describe('renderStatusReportPdf', () => {
  let text: string;
  let all: string;

  beforeAll(async () => {
    text = await pdfText(await renderStatusReportPdf({ report: statusReport(), locale: 'de' }));
    all = flow(text);
  });

  it('when there are open items, then the counts per light are written out as words', () => {
    expect(all).toContain('Sachstandsbericht Beschlusskontrolle');
    expect(all).toContain('01.05.2026');
    expect(all).toContain('Offene Umsetzungsmaßnahmen: 2 überfällig (Rot), 1 bald fällig (Gelb), 1 im Zeitplan (Grün); 1 erledigt.');
    expect(text).toMatch(/Rot\s+2\s+Fälligkeitsdatum überschritten/);
    expect(text).toMatch(/Gelb\s+1\s+fällig innerhalb von 14 Tagen/);
    expect(text).toMatch(/Grün\s+1\s+im Zeitplan/);
    expect(text).toMatch(/Erledigt\s+1\s+Aufgabe abgeschlossen/);
  });

  it('when there are open items, then each decision lists them, overdue first, with light, task status and reason for delay', () => {
    expect(all).toContain('Beschluss BB-2026/007: Ausbau der frühkindlichen Bildung');
    expect(all).toContain('Beschluss BB-2026/008: Schulsozialarbeit an Oberschulen');
    expect(all).toContain('Beschlossen am 10.03.2026.');
    expect(text).toMatch(/Förderantrag beim Land[\s\S]*?Rot\s+in Bearbeitung\s+Die Förderrichtlinie/);
    expect(text).toMatch(/Trägergespräche führen[\s\S]*?Gelb\s+offen/);
    expect(text).toMatch(/Elternbefragung[\s\S]*?Erledigt\s+erledigt/);
    const order = ['Förderantrag', 'Trägergespräche', 'Standortanalyse', 'Elternbefragung'].map((title) => all.indexOf(title));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // A red item without a reason says that the reason is missing.
    expect(text).toMatch(/Stellenausschreibung[\s\S]*?Rot\s+offen\s+nicht angegeben/);
  });

  it('when nothing is open, then it says so', async () => {
    const empty = flow(
      await pdfText(await renderStatusReportPdf({ report: statusReport({ entries: [], counts: { red: 0, yellow: 0, green: 0, done: 0 } }), locale: 'de' })),
    );
    expect(empty).toContain('Es gibt keine Beschlüsse mit offenen Umsetzungsmaßnahmen.');
  });

  it('when English, then lights and texts are English', async () => {
    const english = await pdfText(await renderStatusReportPdf({ report: statusReport(), locale: 'en' }));
    expect(flow(english)).toContain('Implementation status report');
    expect(flow(english)).toContain('Open implementation items: 2 overdue (red), 1 due soon (yellow), 1 on schedule (green); 1 done.');
    expect(english).toMatch(/Red\s+2\s+past its due date/);
    expect(english).toMatch(/Yellow\s+1\s+due within 14 days/);
    expect(english).toMatch(/Green\s+1\s+on schedule/);
    expect(english).toContain('Decision BB-2026/007');
  });
});
