import type { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { activeId, expectAccessible, launchBrowser, signIn as signInAt, tabTo, waitForPage } from '../support/browser';
import { startTestStack } from '../support/stack';
import { createMandate, demoUsers, mustAct, type DemoUsers } from '../factories';
import { addDays, berlinDate as berlinDateOf } from '../../domain/time';
import type { DecisionRecord } from '../../domain/board/types';
import { createDecisionRecord, type NewDecisionRecord } from '../../store/decisions';
import { newDecisionRecord } from '../support/decisions';

/**
 * The board's meeting and decision pages in a real browser against the real
 * API, worker, Temporal and database: the office lead finds a meeting from
 * the header, plans one with the form, sends the invitations and moves an
 * agenda item with the keyboard alone; a board member replies to the
 * invitation with the keyboard and sees the quorum forecast change; the
 * decision list and a decision's page show records, corrections and the
 * traffic lights in words. axe-core checks every page.
 */

/** Tells this run's meetings apart in a shared region. */
const run = randomUUID().slice(0, 8);
const meetingTitle = `Beiratssitzung ${run}`;
const itemTitles = [`Übergänge gestalten ${run}`, `Bericht der Geschäftsstelle ${run}`, `Verschiedenes ${run}`];

let stack: Awaited<ReturnType<typeof startTestStack>>;
let u: DemoUsers;
let browser: Browser;
let lead: Page;
let meetingId = '';
let itemIds: string[] = [];
let named: DecisionRecord;
let secret: DecisionRecord;
let correction: DecisionRecord;

/** A calendar date `days` from today in Berlin. */
const berlinDate = (days: number): string => addDays(berlinDateOf(Date.now()), days);
/** 17:00 in Berlin on that day (CEST or CET: the test's own check is the page's written-out time). */
const berlinAt = (date: string, hour: number): string => {
  const probe = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  const berlinHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(probe));
  return new Date(probe.getTime() - (berlinHour - hour) * 3_600_000).toISOString();
};

async function must(reply: Promise<{ status: number; body: any }>, status: number, what: string) {
  const answer = await reply;
  if (answer.status !== status) throw new Error(`${what} → ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A decision record as a closed vote would leave it; the vote itself is H0's and not needed for the pages. */
function recordInput(overrides: Partial<NewDecisionRecord>): NewDecisionRecord {
  const now = new Date().toISOString();
  const person = (id: string, name: string) => ({ id, name });
  const members = [
    person('demo-chair', 'Clara Vorsitz'),
    person('demo-board1', 'Bernd Beirat'),
    person('demo-board2', 'Berit Beirat'),
    person('demo-board3', 'Boris Beirat'),
  ];
  return newDecisionRecord({
    voteId: null,
    subject: { kind: 'item', mandateId: null, meetingId, itemId: itemIds[2] ?? null, title: `Sitzungstermine 2027 ${run}`, motion: 'Der Beirat tagt viermal.' },
    text: 'Der Beirat tagt 2027 viermal, jeweils dienstags.',
    quorum: { seats: 5, recused: 1, eligible: 4, required: 3, participating: 4, reached: true },
    mode: 'meeting',
    votes: members.map((m, i) => ({ memberId: m.id, name: m.name, castBy: m, choice: i < 3 ? ('yes' as const) : ('no' as const), optionId: null })),
    participants: members,
    recusals: [
      {
        memberId: 'demo-board4',
        name: 'Bianca Beirat',
        reason: 'Arbeitgeberin betroffen',
        declaredAt: now,
        recordedBy: person('demo-board4', 'Bianca Beirat'),
      },
    ],
    rationale: 'Vier Termine genügen für die Beschlusskontrolle.',
    dissent: [{ memberId: 'demo-board3', name: 'Boris Beirat', text: 'Sechs Termine wären besser.' }],
    dossier: { hash: 'a'.repeat(64), content: { title: 'Sitzungsplanung', options: [{ id: 'o1', title: 'Vier Termine' }], data: [] } },
    decidedAt: now,
    recordedAt: now,
    recordedBy: person('demo-chair', 'Clara Vorsitz'),
    ...overrides,
  });
}

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  // A mandate before the board for approval can go on the agenda.
  const mandate = await createMandate(u, { title: itemTitles[0] });
  await mustAct(u.lead, mandate.id, 'submit');
  const day = berlinDate(10);
  const meeting = await must(
    u.lead.post('/api/regions/demo/meetings', { title: meetingTitle, startsAt: berlinAt(day, 17), endsAt: berlinAt(day, 19), place: 'Kreishaus, Raum 2' }),
    201,
    'create meeting',
  );
  meetingId = meeting.id;
  const items = [
    { kind: 'mandate', title: itemTitles[0], mandateId: mandate.id, public: true },
    { kind: 'report', title: itemTitles[1], public: true },
    { kind: 'other', title: itemTitles[2], public: false },
  ];
  for (const item of items) await must(u.lead.post(`/api/regions/demo/meetings/${meetingId}/agenda`, item), 201, `add ${item.title}`);
  itemIds = (await must(u.lead.get(`/api/regions/demo/meetings/${meetingId}`), 200, 'read meeting')).agenda.map((item: { id: string }) => item.id);

  named = await createDecisionRecord(stack.store.models, recordInput({}));
  secret = await createDecisionRecord(
    stack.store.models,
    recordInput({
      secret: true,
      votes: null,
      dissent: [],
      subject: { ...recordInput({}).subject, title: `Vorsitzwahl ${run}` },
      text: 'Clara Vorsitz führt den Vorsitz.',
    }),
  );
  correction = await must(
    u.lead.post(`/api/regions/demo/decisions/${named.id}/corrections`, {
      text: 'Der Beirat tagt 2027 viermal, jeweils mittwochs.',
      reason: 'Wochentag falsch',
    }),
    201,
    'correct',
  );
  await must(
    u.lead.post(`/api/regions/demo/decisions/${correction.id}/items`, {
      title: `Termine versenden ${run}`,
      responsibleId: 'demo-staff',
      dueDate: berlinDate(5),
    }),
    201,
    'add item',
  );
  browser = await launchBrowser();
  lead = await (await browser.newContext()).newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Signs in on this test's stack. */
const signIn = (page: Page, email: string, hash = '') => signInAt(page, stack.baseUrl, email, hash);
const agendaOrder = (page: Page) => page.locator('#agenda li.agenda-item').evaluateAll((items) => items.map((item) => item.getAttribute('data-item-id')));

describe('board meetings and decisions in the browser', () => {
  it('when the office lead opens "Sitzungen" from the header, then the meeting is listed with its day written out', async () => {
    await signIn(lead, 'lead@demo.test');
    await waitForPage(lead, /^Mandate – /);
    await lead.getByRole('link', { name: 'Sitzungen', exact: true }).click();
    await waitForPage(lead, 'Sitzungen – Bildungsregion Musterkreis');
    const row = lead.locator(`tr[data-meeting-id="${meetingId}"]`);
    await expect(row.textContent()).resolves.toMatch(/(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. \S+ \d{4}, 17:00–19:00 Uhr/);
    await expect(row.textContent()).resolves.toContain('Kreishaus, Raum 2');
    await expect(row.textContent()).resolves.toContain('3 Tagesordnungspunkte');
    await expect(lead.locator('#upcoming').textContent()).resolves.toContain(meetingTitle);
    await expectAccessible(lead, 'meeting list');
  }, 30_000);

  it('when the lead plans a meeting with the form, then an end before the start is refused at the field and a valid one opens its page', async () => {
    await lead.getByLabel('Titel', { exact: true }).fill(`Sondersitzung ${run}`);
    await lead.getByLabel('Datum', { exact: true }).fill(berlinDate(20));
    await lead.getByLabel('Beginn', { exact: true }).fill('18:00');
    await lead.getByLabel('Ende', { exact: true }).fill('17:00');
    await lead.getByRole('button', { name: 'Sitzung anlegen' }).click();
    const endError = lead.locator('#meeting-create-endTime-error');
    await endError.waitFor({ state: 'visible' });
    await expect(endError.textContent()).resolves.toBe('Das Ende darf nicht vor dem Beginn liegen.');
    await expect(activeId(lead)).resolves.toBe('meeting-create-endTime');
    await expectAccessible(lead, 'meeting list, form with field error');

    await lead.getByLabel('Ende', { exact: true }).fill('20:00');
    await lead.getByRole('button', { name: 'Sitzung anlegen' }).click();
    await waitForPage(lead, `Sondersitzung ${run}`);
    await expect(lead.locator('#notice').textContent()).resolves.toBe(`Die Sitzung „Sondersitzung ${run}“ wurde angelegt.`);
    await expect(lead.locator('p.lead').textContent()).resolves.toMatch(/^geplant · .*18:00–20:00 Uhr$/);
    await expect(lead.locator('#agenda').textContent()).resolves.toContain('Die Tagesordnung ist noch leer.');
  }, 30_000);

  it('when the lead opens the meeting, then the agenda shows TOP 1 to 3 with kind, public flag and mandate, and the downloads', async () => {
    await lead.goto(`${stack.baseUrl}/#/regions/demo/meetings/${meetingId}`);
    await waitForPage(lead, meetingTitle);
    await expect(agendaOrder(lead)).resolves.toEqual(itemIds);
    const first = lead.locator(`#item-${itemIds[0]}`);
    await expect(first.locator('h3').textContent()).resolves.toBe(`TOP 1: ${itemTitles[0]}`);
    await expect(first.textContent()).resolves.toContain('Mandat (Beschlussvorlage)');
    await expect(first.getByRole('link', { name: itemTitles[0], exact: true }).count()).resolves.toBe(1);
    // The mandate is before the board already: it is voted on in its own vote, so the item offers no second one.
    await expect(first.getByRole('link', { name: /^Abstimmung eröffnen/ }).count()).resolves.toBe(0);
    await expect(
      lead
        .locator(`#item-${itemIds[2]}`)
        .getByRole('link', { name: /^Abstimmung eröffnen/ })
        .getAttribute('href'),
    ).resolves.toContain(`votes/new?meetingId=${meetingId}&itemId=${itemIds[2]}`);
    await expect(lead.locator(`#item-${itemIds[2]}`).textContent()).resolves.toContain('nicht öffentlich');
    await expect(lead.locator('#download-ics').textContent()).resolves.toBe('Termin in den Kalender (ICS-Datei)');
    await expect(lead.locator('#download-minutes-public').getAttribute('href')).resolves.toContain('public=true');
    await expect(lead.locator('#quorum-forecast').textContent()).resolves.toMatch(
      /^Voraussichtlich 0 von 5 stimmberechtigten Sitzen, erforderlich 3: nicht beschlussfähig$/,
    );
    // The ICS link answers with the calendar entry.
    const icsHref = (await lead.locator('#download-ics').getAttribute('href')) ?? '';
    const ics = await lead.evaluate((href) => fetch(href).then(async (response) => [response.headers.get('content-type'), await response.text()]), icsHref);
    expect(ics[0]).toContain('text/calendar');
    expect(ics[1]).toContain(`UID:meeting-${meetingId}@mandate-engine`);
    await expectAccessible(lead, 'meeting page, office lead');
  }, 30_000);

  it('when the lead moves an agenda item down and up with the keyboard, then the order changes and the focus stays on the item', async () => {
    const [first, second, third] = itemIds as [string, string, string];
    await tabTo(lead, `move-down-${first}`);
    await lead.keyboard.press('Enter');
    await lead.getByText(`„${itemTitles[0]}“ ist jetzt TOP 2.`).waitFor();
    await expect(agendaOrder(lead)).resolves.toEqual([second, first, third]);
    await expect(activeId(lead)).resolves.toBe(`move-down-${first}`);
    await expect(lead.locator(`#item-${first} h3`).textContent()).resolves.toBe(`TOP 2: ${itemTitles[0]}`);

    // Back to the top: that button is now disabled, so the focus moves to the item's other one.
    await tabTo(lead, `move-up-${first}`, 'Shift+Tab');
    await lead.keyboard.press('Enter');
    await lead.getByText(`„${itemTitles[0]}“ ist jetzt TOP 1.`).waitFor();
    await expect(agendaOrder(lead)).resolves.toEqual([first, second, third]);
    await expect(activeId(lead)).resolves.toBe(`move-down-${first}`);
    await expect(lead.locator(`#move-up-${first}`).isDisabled()).resolves.toBe(true);
    const stored = await must(u.lead.get(`/api/regions/demo/meetings/${meetingId}`), 200, 'read meeting');
    expect(stored.agenda.map((item: { id: string }) => item.id)).toEqual([first, second, third]);
    await expectAccessible(lead, 'meeting page after moving');
  }, 30_000);

  it('when the lead sends the invitations, then the page says so and offers an update instead', async () => {
    await lead.locator('#send-invitations').click();
    await lead.getByText('Die Einladungen wurden versandt.').waitFor();
    await expect(lead.locator('#send-invitations').textContent()).resolves.toBe('Aktualisierung versenden');
    await expect(lead.locator('#overview').textContent()).resolves.not.toContain('noch nicht versandt');
  }, 30_000);

  it('when a board member replies to the invitation with the keyboard, then the reply and the forecast are shown at once', async () => {
    const member = await (await browser.newContext()).newPage();
    await signIn(member, 'board1@demo.test', `#/regions/demo/meetings/${meetingId}`);
    await waitForPage(member, meetingTitle);
    // Members see the agenda, not the office's tools.
    await expect(member.locator(`#move-down-${itemIds[0]}`).count()).resolves.toBe(0);
    await expect(member.locator('#manage').count()).resolves.toBe(0);
    await expect(member.locator('#attendance').textContent()).resolves.toContain('Sie haben noch nicht geantwortet.');
    await expectAccessible(member, 'meeting page, board member');

    await tabTo(member, 'reply-reply-0');
    await member.keyboard.press('Space');
    await expect(member.locator('#reply-reply-0').isChecked()).resolves.toBe(true);
    await member.keyboard.press('Tab');
    await member.keyboard.press('Enter');
    await member.getByText('Ihre Antwort „Zusage“ wurde gespeichert.').waitFor();
    await expect(member.locator('tr[data-member-id="demo-board1"]').textContent()).resolves.toContain('Zusage');
    await expect(member.locator('#quorum-forecast').textContent()).resolves.toContain('Voraussichtlich 1 von 5 stimmberechtigten Sitzen');
    await expect(activeId(member)).resolves.toBe('reply-reply-0');
    await expect(member.locator('#reply-reply-0').isChecked()).resolves.toBe(true);

    // A recusal on the last item, with its reason.
    const last = member.locator(`#item-${itemIds[2]}`);
    await member.locator(`#recuse-${itemIds[2]}-summary`).click();
    await last.getByLabel('Grund').fill('Mein Verein ist betroffen.');
    await last.getByRole('button', { name: 'Befangenheit erklären', exact: true }).click();
    await member.getByText(`Ihre Befangenheit zu „${itemTitles[2]}“ ist festgehalten.`).waitFor();
    await expect(last.textContent()).resolves.toContain('Bernd Beirat (Mein Verein ist betroffen.)');
    await expect(last.textContent()).resolves.toContain('Sie haben sich zu diesem Punkt für befangen erklärt.');
    // The meeting keeps it: after a reload the page still shows it.
    await member.reload();
    await member.locator(`#item-${itemIds[2]}`).waitFor();
    await expect(member.locator(`#item-${itemIds[2]}`).textContent()).resolves.toContain('Bernd Beirat (Mein Verein ist betroffen.)');

    // A change of mind: the arrow keys move within the group.
    await tabTo(member, 'reply-reply-0', 'Shift+Tab');
    await member.keyboard.press('ArrowDown');
    await expect(member.locator('#reply-reply-1').isChecked()).resolves.toBe(true);
    await member.keyboard.press('Tab');
    await member.keyboard.press('Enter');
    await member.getByText('Ihre Antwort „Absage“ wurde gespeichert.').waitFor();
    const stored = await must(u.board[1]!.get(`/api/regions/demo/meetings/${meetingId}`), 200, 'read meeting');
    expect(stored.attendance.find((entry: { memberId: string }) => entry.memberId === 'demo-board1').reply).toBe('declined');
    await expectAccessible(member, 'meeting page, member replied');
    await member.context().close();
  }, 30_000);

  it('when the lead records attendance on the day and marks the meeting held, then the actual quorum and the minutes note are offered', async () => {
    // Started a few minutes ago, on today's date in Berlin.
    const startsAt = berlinDateOf(Date.now() - 300_000) === berlinDateOf(Date.now()) ? new Date(Date.now() - 300_000) : new Date();
    const today = await must(
      u.lead.post('/api/regions/demo/meetings', {
        title: `Heutige Sitzung ${run}`,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
        onlineUrl: 'https://video.example/beirat',
      }),
      201,
      'create meeting today',
    );
    await lead.goto(`${stack.baseUrl}/#/regions/demo/meetings/${today.id}`);
    await waitForPage(lead, `Heutige Sitzung ${run}`);
    await expect(lead.locator('#quorum-actual').textContent()).resolves.toBe('Die Anwesenheit ist noch nicht festgehalten.');
    for (const name of ['Clara Vorsitz', 'Bernd Beirat', 'Berit Beirat']) await lead.getByLabel(name, { exact: true }).check();
    await lead.getByRole('button', { name: 'Anwesenheit speichern' }).click();
    await lead.getByText('Die Anwesenheit wurde gespeichert.').waitFor();
    await expect(lead.locator('#quorum-actual').textContent()).resolves.toBe('Anwesend 3 von 5 stimmberechtigten Sitzen, erforderlich 3: beschlussfähig');
    await expect(lead.locator('tr[data-member-id="demo-board4"]').textContent()).resolves.toContain('nicht anwesend');
    await expectAccessible(lead, 'meeting page, attendance recorded');

    await lead.locator('#mark-held').click();
    await lead.getByText('Die Sitzung ist als stattgefunden vermerkt.').waitFor();
    await expect(lead.locator('p.lead .meeting-status').textContent()).resolves.toBe('stattgefunden');
    await lead.getByLabel('Anmerkung (erscheint im Protokoll)').fill('Die Sitzung begann mit zehn Minuten Verspätung.');
    await lead.getByRole('button', { name: 'Anmerkung speichern' }).click();
    await lead.getByText('Die Anmerkung zum Protokoll wurde gespeichert.').waitFor();
    const stored = await must(u.lead.get(`/api/regions/demo/meetings/${today.id}`), 200, 'read meeting');
    expect(stored.minutesNote).toBe('Die Sitzung begann mit zehn Minuten Verspätung.');
    await expectAccessible(lead, 'meeting page, held');
  }, 30_000);

  it('when the lead opens "Beschlüsse", then the records are listed by year with corrections marked and the traffic lights in words', async () => {
    await lead.getByRole('link', { name: 'Beschlüsse', exact: true }).click();
    await waitForPage(lead, 'Beschlüsse – Bildungsregion Musterkreis');
    const year = String(named.year);
    await expect(lead.locator(`#year-${year}-heading`).textContent()).resolves.toBe(year);
    const old = lead.locator(`tr[data-decision-id="${named.id}"]`);
    await expect(old.textContent()).resolves.toContain(`berichtigt durch ${correction.number}`);
    await expect(old.textContent()).resolves.toContain('angenommen');
    await expect(lead.locator(`tr[data-decision-id="${correction.id}"]`).textContent()).resolves.toContain(`berichtigt ${named.number}`);
    await expect(lead.locator(`tr[data-decision-id="${correction.id}"]`).textContent()).resolves.toContain('gelb: bald fällig');
    await expect(lead.locator('#light-summary').textContent()).resolves.toContain('gelb: bald fällig: 1 Maßnahme');
    await expect(lead.locator('#implementation-report-pdf').getAttribute('href')).resolves.toBe('/api/regions/demo/implementation-report.pdf?lang=de');
    await expectAccessible(lead, 'decision list');
  }, 30_000);

  it('when the lead opens a named record, then tally, votes, recusal, dissent, dossier and its correction are shown', async () => {
    await lead.locator(`tr[data-decision-id="${named.id}"]`).getByRole('link', { name: named.number }).click();
    await waitForPage(lead, `Beschluss ${named.number}`);
    await expect(lead.locator('p.lead').textContent()).resolves.toContain('berichtigt');
    await expect(lead.locator('#tally').textContent()).resolves.toContain('Ja3');
    await expect(lead.locator('#votes').textContent()).resolves.toContain('Boris BeiratNeinselbst');
    await expect(lead.locator('#recusals').textContent()).resolves.toContain(
      'Bianca Beirat hat an Beratung und Abstimmung nicht teilgenommen (befangen: Arbeitgeberin betroffen).',
    );
    await expect(lead.locator('#reasons').textContent()).resolves.toContain('Sechs Termine wären besser.');
    await expect(lead.locator('#dossier-hash').textContent()).resolves.toBe('a'.repeat(64));
    await expect(lead.locator('#overview').textContent()).resolves.toContain(
      '4 von 4 stimmberechtigten Sitzen haben teilgenommen, erforderlich 3: beschlussfähig',
    );
    await expectAccessible(lead, 'decision page, named');

    await lead.getByRole('link', { name: correction.number }).click();
    await waitForPage(lead, `Beschluss ${correction.number}`);
    await expect(lead.locator('#decision-text').textContent()).resolves.toBe('Der Beirat tagt 2027 viermal, jeweils mittwochs.');
    await expect(lead.locator('#overview').textContent()).resolves.toContain('Grund: Wochentag falsch');
    const row = lead.locator('#items-table tbody tr');
    await expect(row.textContent()).resolves.toContain('Sven Sachbearbeitung');
    await expect(row.locator('.light').textContent()).resolves.toBe('! gelb: bald fällig');
    await expectAccessible(lead, 'decision page, correction with an item');
  }, 30_000);

  it('when the lead gives a reason for a delay, then it is shown; a secret record names no choices', async () => {
    await lead.locator('#implementation details summary').first().click();
    await lead.getByLabel('Grund der Verzögerung').fill('Raum erst ab März frei.');
    await lead.getByRole('button', { name: 'Speichern', exact: true }).click();
    await lead.getByText(`Die Maßnahme „Termine versenden ${run}“ wurde gespeichert.`).waitFor();
    await expect(lead.locator('#items-table tbody tr').textContent()).resolves.toContain('Raum erst ab März frei.');

    await lead.goto(`${stack.baseUrl}/#/regions/demo/decisions/${secret.id}`);
    await waitForPage(lead, `Beschluss ${secret.number}`);
    await expect(lead.locator('#secret-note').textContent()).resolves.toBe('Geheime Abstimmung: Festgehalten sind nur das Ergebnis und wer teilgenommen hat.');
    await expect(lead.locator('#votes').textContent()).resolves.toContain('Boris Beirat');
    await expect(lead.locator('#votes').textContent()).resolves.not.toContain('Nein');
    await expectAccessible(lead, 'decision page, secret');
  }, 30_000);

  it('when the language is switched to English, then the meeting and decision pages speak English and pass axe', async () => {
    await lead.getByRole('button', { name: 'English' }).click();
    await waitForPage(lead, `Decision ${secret.number}`);
    await expect(lead.locator('#secret-note').textContent()).resolves.toBe('Secret ballot: only the result and who took part are recorded.');
    await expectAccessible(lead, 'decision page, English');
    await lead.getByRole('link', { name: 'Meetings', exact: true }).click();
    await waitForPage(lead, 'Meetings – Bildungsregion Musterkreis');
    await expect(lead.locator(`tr[data-meeting-id="${meetingId}"]`).textContent()).resolves.toMatch(/\d{1,2} \S+ \d{4}, 17:00–19:00/);
    await expectAccessible(lead, 'meeting list, English');
    await lead.goto(`${stack.baseUrl}/#/regions/demo/meetings/${meetingId}`);
    await waitForPage(lead, meetingTitle);
    await expect(lead.locator(`#item-${itemIds[0]} h3`).textContent()).resolves.toBe(`Item 1: ${itemTitles[0]}`);
    await expectAccessible(lead, 'meeting page, English');
    await lead.getByRole('button', { name: 'Deutsch' }).click();
    await waitForPage(lead, meetingTitle);
  }, 30_000);

  it('when the lead submits a mandate for a meeting on whose agenda it stands, then the board votes on it there, in secret as chosen', async () => {
    const mandate = await createMandate(u, { title: `Ganztag ${run}` });
    const next = await must(
      u.lead.post('/api/regions/demo/meetings', {
        title: `Sondersitzung ${run}`,
        startsAt: berlinAt(addDays(berlinDateOf(Date.now()), 20), 17),
        endsAt: berlinAt(addDays(berlinDateOf(Date.now()), 20), 19),
      }),
      201,
      'create meeting',
    );
    const withItem = await must(
      u.lead.post(`/api/regions/demo/meetings/${next.id}/agenda`, { kind: 'mandate', title: `Mandat Ganztag ${run}`, mandateId: mandate.id }),
      201,
      'add item',
    );
    const itemId = withItem.agenda.at(-1).id;

    // A page of its own, signed in afresh: this test does not depend on the others' state.
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'lead@demo.test', `#/regions/demo/mandates/${mandate.id}`);
    await waitForPage(page, `Ganztag ${run}`);
    const form = page.locator('#action-submit');
    await expect(form.locator('#action-submit-voteIn').inputValue()).resolves.toBe('written');
    await form.locator('#action-submit-voteIn').selectOption(`${next.id}|${itemId}`);
    await form.getByLabel(/^Geheim abstimmen/).check();
    await expectAccessible(page, 'mandate page, submit for a meeting');
    await form.getByRole('button', { name: 'Zur Beauftragung einreichen' }).click();
    await page.locator('#board-vote-link').waitFor();

    const submitted = await must(u.lead.get(`/api/regions/demo/mandates/${mandate.id}`), 200, 'read mandate');
    const vote = await must(u.lead.get(`/api/regions/demo/votes/${submitted.vote.boardVoteId}`), 200, 'read vote');
    expect(vote).toMatchObject({ mode: 'meeting', secret: true, deadline: null, subject: { kind: 'mandate-approval', meetingId: next.id, itemId } });
    await expect(page.locator('#vote').textContent()).resolves.toContain('in der Sitzung, bis die Vorsitzende sie schließt');
    await expect(page.locator('#board-vote-link').getAttribute('href')).resolves.toBe(`#/regions/demo/votes/${encodeURIComponent(vote.id)}`);
    await page.context().close();
  }, 30_000);
});
