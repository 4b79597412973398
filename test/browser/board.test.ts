import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { activeId, expectAccessible, launchBrowser, signIn as signInAt, tabTo, waitForPage } from '../support/browser';
import { startTestStack } from '../support/stack';
import { demoUsers, mandateInDecision, type DemoUsers } from '../factories';
import { boardInputSchema } from '../../domain/board/composition';
import { saveBoard } from '../../store/boards';

/**
 * The board's votes in a real browser on a tablet, against the real API,
 * worker, Temporal and database: a board member lands on the board's page,
 * finds the vote waiting for them, votes and changes the vote with the
 * keyboard alone and sees the quorum move, also when others vote meanwhile;
 * the chair extends the deadline and opens a meeting vote with options
 * through the form and records a show of hands; on a mandate's decision the
 * member reads the dossier's options and data on the vote page itself.
 * axe-core checks the pages in German and in English.
 */

const run = randomUUID().slice(0, 8);
const title = `Schulentwicklungsplan fortschreiben ${run}`;
const motion = 'Der Beirat empfiehlt, den Schulentwicklungsplan bis Ende 2027 fortzuschreiben.';
const meetingTitle = `Standort Berufsschulzentrum ${run}`;

/** Portrait and landscape tablets, with touch. */
const PORTRAIT: BrowserContextOptions = { viewport: { width: 768, height: 1024 }, hasTouch: true };
const LANDSCAPE: BrowserContextOptions = { viewport: { width: 1024, height: 768 }, hasTouch: true };
/** The page fetches an open vote every 15 s; a change shows within one round and a little. */
const POLL_WAIT_MS = 20_000;

let stack: Awaited<ReturnType<typeof startTestStack>>;
let u: DemoUsers;
let browser: Browser;
let member: Page;
let chair: Page;
let voteId = '';

/** The instant as Berlin wall-clock time, "2026-05-12 17:30". */
const berlin = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  const reply = await u.chair.post('/api/regions/demo/votes', {
    subject: { title, motion },
    ballot: { kind: 'yes_no' },
    mode: 'written',
    deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  });
  if (reply.status !== 201) throw new Error(`open vote → ${reply.status}: ${JSON.stringify(reply.body)}`);
  voteId = reply.body.id;
  browser = await launchBrowser();
  member = await (await browser.newContext(PORTRAIT)).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const signIn = (page: Page, email: string, hash = '') => signInAt(page, stack.baseUrl, email, hash);
const text = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? '';
const height = (page: Page, selector: string) => page.locator(selector).evaluate((element) => element.getBoundingClientRect().height);
/** Whether the page is wider than the screen (a tablet would scroll sideways). */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

async function cast(client: DemoUsers['chair'], choice: string) {
  const reply = await client.post(`/api/regions/demo/votes/${voteId}/ballot`, { choice });
  if (reply.status !== 200) throw new Error(`ballot → ${reply.status}: ${JSON.stringify(reply.body)}`);
}

describe('board votes in the browser', () => {
  it('when a board member signs in on a tablet, then the board page lists the vote under "Warten auf Ihre Stimme" with its deadline and quorum', async () => {
    await signIn(member, 'board1@demo.test');
    await waitForPage(member, /^Gremium – /);
    await expect(member.locator('#nav-board').getAttribute('aria-current')).resolves.toBe('page');
    const card = member.locator(`#waiting li[data-vote-id="${voteId}"]`);
    await expect(card.textContent()).resolves.toContain(title);
    // Three days ahead, a few seconds gone: two whole days and some hours left.
    await expect(card.textContent()).resolves.toMatch(/Frist.*\(noch 2 Tage\)/);
    await expect(card.textContent()).resolves.toContain('0 von 3 erforderlichen Stimmen abgegeben (5 Stimmberechtigte) – noch nicht beschlussfähig');
    // A member may not open votes.
    await expect(member.locator('#open-vote').count()).resolves.toBe(0);
    expect(await height(member, `#waiting-${voteId}`)).toBeGreaterThanOrEqual(44);
    await expect(overflows(member)).resolves.toBe(false);
    await expectAccessible(member, 'board page, member');
  }, 30_000);

  it('when the member opens the vote and votes "Ja" with the keyboard alone, then the quorum counts the ballot', async () => {
    await tabTo(member, `waiting-${voteId}`);
    await member.keyboard.press('Enter');
    await waitForPage(member, title);
    await expect(text(member, '#subject')).resolves.toContain(motion);
    await expect(text(member, '#quorum-text')).resolves.toContain('0 von 3 erforderlichen Stimmen');
    await expect(text(member, '#my-ballot')).resolves.toBe('Sie haben noch nicht abgestimmt.');
    await expect(member.locator('#ballot-choice legend').textContent()).resolves.toBe(`Ihre Stimme zu „${title}“`);
    expect(await height(member, 'label[for="ballot-choice-0"]')).toBeGreaterThanOrEqual(44);
    await expect(overflows(member)).resolves.toBe(false);
    await expectAccessible(member, 'vote page, member, before voting');

    await tabTo(member, 'ballot-choice-0');
    await member.keyboard.press('Space');
    await expect(member.getByRole('radio', { name: 'Ja' }).isChecked()).resolves.toBe(true);
    await tabTo(member, 'ballot-submit');
    await member.keyboard.press('Enter');
    await member.locator('#my-ballot', { hasText: 'Ihre Stimme: Ja' }).waitFor();
    await expect(text(member, '#notice')).resolves.toBe('Ihre Stimme wurde gespeichert: Ja.');
    await expect(text(member, '#quorum-text')).resolves.toContain('1 von 3 erforderlichen Stimmen');
    await expect(activeId(member)).resolves.toBe('my-ballot');
    await expect(member.getByRole('button', { name: 'Stimme ändern' }).count()).resolves.toBe(1);
    await expectAccessible(member, 'vote page, member, voted');
  }, 30_000);

  it('when the member changes the vote to "Nein" with the arrow keys, then the tally and the list show "Nein" and the quorum stays', async () => {
    // Tab enters the radio group at the checked "Ja"; the arrow moves the choice on.
    await tabTo(member, 'ballot-choice-0');
    await member.keyboard.press('ArrowDown');
    await expect(activeId(member)).resolves.toBe('ballot-choice-1');
    await tabTo(member, 'ballot-submit');
    await member.keyboard.press('Enter');
    await member.locator('#my-ballot', { hasText: 'Ihre Stimme: Nein' }).waitFor();
    await expect(text(member, '#quorum-text')).resolves.toContain('1 von 3 erforderlichen Stimmen');
    const rows = await member.locator('#live-tally tbody tr').allTextContents();
    expect(rows).toEqual(['Ja0', 'Nein1', 'Enthaltung0']);
    await expect(text(member, '#ballot-list')).resolves.toContain('Bernd Beirat: Nein');
    await expect(text(member, '#outstanding')).resolves.toContain('Noch nicht abgestimmt: 4 Personen');
    await expect(member.getByRole('radio', { name: 'Nein' }).isChecked()).resolves.toBe(true);
  }, 30_000);

  it('when another member votes meanwhile, then the page shows the new quorum by itself, announced, without taking the focus or the text being typed', async () => {
    await tabTo(member, 'ballot-note');
    await member.keyboard.type('Entwurf');
    await cast(u.board[2]!, 'yes');
    await member.locator('#quorum-text', { hasText: '2 von 3 erforderlichen Stimmen' }).waitFor({ timeout: POLL_WAIT_MS });
    await expect(text(member, '#vote-updates')).resolves.toMatch(/^Neuer Stand: 2 von 3 erforderlichen Stimmen/);
    await expect(activeId(member)).resolves.toBe('ballot-note');
    await expect(member.locator('#ballot-note').inputValue()).resolves.toBe('Entwurf');
    await expect(text(member, '#ballot-list')).resolves.toContain('Berit Beirat: Ja');
  }, 40_000);

  it('when the chair opens the vote on a landscape tablet, then the tools are offered and pass axe, and a new deadline is saved in Berlin time', async () => {
    chair = await (await browser.newContext(LANDSCAPE)).newPage();
    await signIn(chair, 'chair@demo.test');
    await waitForPage(chair, /^Gremium – /);
    await expect(chair.locator('#open-vote').textContent()).resolves.toBe('Abstimmung eröffnen');
    await chair.locator(`#waiting-${voteId}`).click();
    await waitForPage(chair, title);
    await expect(text(chair, '#chair-tools')).resolves.toContain('Abstimmung jetzt schließen …');
    // A written vote has no show of hands.
    await expect(chair.locator('#hands').count()).resolves.toBe(0);
    await expectAccessible(chair, 'vote page, chair');

    await chair.locator('#close-start').click();
    await chair.locator('#close-panel').waitFor();
    await expect(activeId(chair)).resolves.toBe('close-confirm');
    // Two of three required ballots: closing now would leave the vote without a result, and the panel says so.
    await expect(text(chair, '#close-panel')).resolves.toContain('Die Beschlussfähigkeit ist noch nicht erreicht');
    await expectAccessible(chair, 'vote page, chair, close confirmation');
    await chair.keyboard.press('Escape');
    await expect(chair.locator('#close-panel').isHidden()).resolves.toBe(true);
    await expect(activeId(chair)).resolves.toBe('close-start');

    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await chair.getByLabel('Neue Frist: Tag').fill(day);
    await chair.getByLabel('Neue Frist: Uhrzeit').fill('17:30');
    await chair.getByRole('button', { name: 'Frist verlängern' }).click();
    await chair.locator('#notice', { hasText: 'Die neue Frist ist' }).waitFor();
    await expect(activeId(chair)).resolves.toBe('extend-heading');
    const vote = (await u.chair.get(`/api/regions/demo/votes/${voteId}`)).body;
    expect(berlin(vote.deadline)).toBe(`${day} 17:30`);
    await expect(text(chair, '#subject')).resolves.toMatch(/\(noch (9|10) Tage\)/);
  }, 40_000);

  it('when the rest of the board votes and the result is certain, then the member sees it closed with its decision number, also on the board page', async () => {
    await cast(u.board[3]!, 'yes');
    await cast(u.board[4]!, 'yes');
    // Three yes, one no, one outstanding: the chair's ballot cannot change the result.
    await member.locator('#result-text').waitFor({ timeout: POLL_WAIT_MS });
    await expect(text(member, '#result-text')).resolves.toBe('angenommen');
    await expect(text(member, '#vote-updates')).resolves.toBe('Die Abstimmung ist abgeschlossen: angenommen.');
    await expect(member.locator('#ballot').count()).resolves.toBe(0);
    const link = member.locator('#decision-link');
    await expect(link.textContent()).resolves.toMatch(/^Beschluss BB-\d{4}\/\d{3}$/);
    await expect(link.getAttribute('href')).resolves.toMatch(/^#\/regions\/demo\/decisions\/BB-\d{4}-\d{3}$/);
    await expectAccessible(member, 'vote page, closed');

    await member.getByRole('link', { name: 'Zurück zum Gremium' }).click();
    await waitForPage(member, /^Gremium – /);
    await expect(member.locator(`#waiting li[data-vote-id="${voteId}"]`).count()).resolves.toBe(0);
    await expect(text(member, `#closed li[data-vote-id="${voteId}"]`)).resolves.toMatch(/angenommen.*Beschluss BB-\d{4}\/\d{3}/);
    await expectAccessible(member, 'board page, with a closed vote');
  }, 40_000);

  it('when a secret vote is open, then the member is told so and sees neither choices nor names, and after declaring a recusal does not count', async () => {
    const secretTitle = `Vorsitz Arbeitskreis ${run}`;
    const reply = await u.chair.post('/api/regions/demo/votes', {
      subject: { title: secretTitle, motion: 'Frau Vorsitz übernimmt den Vorsitz des Arbeitskreises.' },
      ballot: { kind: 'yes_no' },
      mode: 'written',
      secret: true,
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(reply.status).toBe(201);
    await member.reload();
    await waitForPage(member, /^Gremium – /);
    await member.locator(`#waiting-${reply.body.id}`).click();
    await waitForPage(member, secretTitle);
    await expect(text(member, '.lead')).resolves.toContain('geheime Abstimmung');
    // A secret vote keeps no names, so it asks for no dissent either.
    await expect(member.locator('#ballot-note').count()).resolves.toBe(0);
    await member.getByRole('radio', { name: 'Enthaltung' }).check();
    await member.getByRole('button', { name: 'Stimme abgeben' }).click();
    await member.locator('#my-ballot', { hasText: 'Sie haben abgestimmt.' }).waitFor();
    await expect(text(member, '#my-ballot')).resolves.toBe('Sie haben abgestimmt. Bei geheimer Abstimmung wird Ihre Wahl nicht angezeigt.');
    await expect(text(member, '#outstanding')).resolves.toBe('Noch nicht abgestimmt: 4 Personen');
    await expect(member.locator('#ballot-list').count()).resolves.toBe(0);
    await expect(member.locator('#live-tally').count()).resolves.toBe(0);
    await expect(text(member, '#quorum-text')).resolves.toContain('1 von 3 erforderlichen Stimmen');
    await expectAccessible(member, 'vote page, secret, voted');

    // Declaring a recusal takes a second step; it removes the ballot cast.
    await member.getByRole('button', { name: 'Befangenheit erklären …' }).click();
    await expect(activeId(member)).resolves.toBe('recuse-reason');
    await expect(member.locator('#recuse-start').getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(text(member, '#recuse-panel')).resolves.toContain('Ihre schon abgegebene Stimme wird entfernt.');
    await expectAccessible(member, 'vote page, recusal confirmation');
    await member.keyboard.type('Mitglied des Arbeitskreises');
    await member.getByRole('button', { name: 'Befangenheit verbindlich erklären' }).click();
    await member.locator('#my-ballot', { hasText: 'befangen' }).waitFor();
    await expect(text(member, '#notice')).resolves.toBe('Ihre Befangenheit ist festgehalten.');
    await expect(text(member, '#quorum-text')).resolves.toContain('0 von 3 erforderlichen Stimmen abgegeben (5 Stimmberechtigte, davon 1 befangen)');
    await expect(text(member, '#recusal-list')).resolves.toBe('Bernd Beirat – Mitglied des Arbeitskreises');
    await expect(member.locator('#ballot').count()).resolves.toBe(0);
    await expect(member.locator('#recuse-start').count()).resolves.toBe(0);
    await member.getByRole('link', { name: 'Zurück zum Gremium' }).click();
    await waitForPage(member, /^Gremium – /);
  }, 30_000);

  it('when the chair opens a meeting vote with options through the form, then it is refused without a title, then opens, and a show of hands decides it', async () => {
    await chair.goto(`${stack.baseUrl}/#/regions/demo/board`);
    await waitForPage(chair, /^Gremium – /);
    await chair.locator('#open-vote').click();
    await waitForPage(chair, 'Abstimmung eröffnen');
    await chair.getByLabel('Beschlussvorschlag').fill('Der Beirat wählt den Standort des Berufsschulzentrums.');
    await chair.getByLabel('Zwischen mehreren Optionen').check();
    await chair.getByLabel('Option 1', { exact: true }).fill('Nordstadt');
    await chair.getByLabel('Option 2', { exact: true }).fill('Südstadt');
    await chair.getByRole('button', { name: 'Weitere Option' }).click();
    await expect(activeId(chair)).resolves.toBe('new-vote-option-2');
    await chair.getByLabel('Option 3', { exact: true }).fill('Weststadt');
    await chair.getByRole('button', { name: 'Option 3 entfernen' }).click();
    await expect(chair.locator('input[name="option"]').count()).resolves.toBe(2);
    await chair.getByLabel('In der Sitzung').check();
    await expect(chair.locator('#new-vote-deadline-box').isHidden()).resolves.toBe(true);
    await chair.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
    await chair.locator('#new-vote-title-error').waitFor({ state: 'visible' });
    await expect(activeId(chair)).resolves.toBe('new-vote-title');
    await expect(chair.locator('#new-vote-title').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(chair, 'open a vote, with a field error');

    await chair.getByLabel('Titel').fill(meetingTitle);
    await chair.getByRole('button', { name: 'Abstimmung eröffnen' }).click();
    await waitForPage(chair, meetingTitle);
    await expect(text(chair, '#notice')).resolves.toBe(`Die Abstimmung „${meetingTitle}“ ist eröffnet.`);
    await expect(chair.getByRole('radio').count()).resolves.toBe(5); // two options, revise, reject, abstain
    await expect(text(chair, '.lead')).resolves.toContain('in der Sitzung');
    await expectAccessible(chair, 'vote page, chair, meeting vote with show of hands');

    await chair.getByLabel('Stimmen: Option „Nordstadt“').fill('3');
    await chair.getByLabel('Stimmen: Option „Südstadt“').fill('1');
    await chair.getByRole('button', { name: 'Ergebnis festhalten' }).click();
    await chair.locator('#result-text').waitFor();
    await expect(text(chair, '#result-text')).resolves.toBe('Option „Nordstadt“ beschlossen');
    await expect(activeId(chair)).resolves.toBe('result-heading');
    await expect(text(chair, '#result')).resolves.toContain('Handzeichen in der Sitzung');
  }, 40_000);

  it('when the member switches to English, then the board and vote pages speak English and pass axe', async () => {
    await member.getByRole('button', { name: 'English' }).click();
    await waitForPage(member, /^Board – /);
    await expect(text(member, '#waiting-heading')).resolves.toBe('Waiting for your vote');
    await expectAccessible(member, 'board page, English');
    await member.locator(`#closed-${voteId}`).click();
    await waitForPage(member, title);
    await expect(text(member, '#result-text')).resolves.toBe('carried');
    await expect(text(member, '#my-ballot')).resolves.toBe('Your vote: No');
    await expectAccessible(member, 'vote page, English');
    await member.getByRole('button', { name: 'Deutsch' }).click();
    await waitForPage(member, title);
  }, 30_000);

  it("when a mandate's dossier is before the board, then the vote page shows its options as cards and its data, passes axe on the tablet, and the member votes for an option with the keyboard", async () => {
    const mandate = await mandateInDecision(u);
    const decisionVoteId: string = mandate.vote.boardVoteId;
    const vote = (await u.chair.get(`/api/regions/demo/votes/${decisionVoteId}`)).body;
    const optionTitles: string[] = vote.ballot.options.map((option: { title: string }) => option.title);
    expect(optionTitles).toEqual(expect.arrayContaining(['Ausbildungslotsen', 'Praktikumsbörse']));

    await member.goto(`${stack.baseUrl}/#/regions/demo/votes/${decisionVoteId}`);
    await waitForPage(member, mandate.title);
    await expect(text(member, '#basis-heading')).resolves.toBe('Entscheidungsgrundlage');
    await expect(text(member, '#basis')).resolves.toContain('Wie senken wir die Zahl der Ausbildungsabbrüche?');
    await expect(member.locator('#basis li', { hasText: 'Abbruchquote halbieren' }).count()).resolves.toBe(1);
    // The cards in the ballot's order, so the radio buttons below follow them; the subject no longer lists the options.
    await expect(member.locator('#basis-options h3').allTextContents()).resolves.toEqual(optionTitles);
    const pilots = await text(member, '#basis-options li:has(h3:text-is("Ausbildungslotsen"))');
    for (const part of ['Lotsen an allen Berufsschulen', '180.000,00\u00a0€', '3 Stellen', 'Abbrüche −30 %']) expect(pilots).toContain(part);
    await expect(text(member, '#subject')).resolves.not.toContain('Praktikumsbörse');
    const table = member.getByRole('table', { name: 'Daten, auf denen die Vorlage beruht' });
    await expect(table.locator('th[scope="col"]').allTextContents()).resolves.toEqual(['Indikator', 'Zeitraum', 'Wert', 'Quelle']);
    await expect(table.locator('tbody tr', { hasText: 'Ausbildungsabbrüche' }).textContent()).resolves.toBe('Ausbildungsabbrüche202527,4\u00a0%IHK');
    await expect(text(member, '#basis-state')).resolves.toMatch(
      new RegExp(`^Stand der Vorlage: \\d{2}\\.\\d{2}\\.\\d{4}, SHA-256 ${mandate.dossier.hash.slice(0, 12)}…$`),
    );
    await expect(member.locator('#subject-dossier').getAttribute('href')).resolves.toBe(`#/regions/demo/mandates/${mandate.id}/dossier`);
    expect(await height(member, '#subject-dossier')).toBeGreaterThanOrEqual(44);
    // After the motion, before the ballot; still one h1.
    const order = await member.evaluate(() => ['subject', 'basis', 'your-vote'].map((id) => document.getElementById(id)?.getBoundingClientRect().top ?? -1));
    expect(order[0]! < order[1]! && order[1]! < order[2]!).toBe(true);
    await expect(member.locator('h1').count()).resolves.toBe(1);
    await expect(overflows(member)).resolves.toBe(false);
    await expectAccessible(member, 'vote page, mandate decision with its basis, portrait tablet');

    await tabTo(member, 'ballot-choice-0');
    await member.keyboard.press('Space');
    const first = `Option „${optionTitles[0]}“`;
    await expect(member.getByRole('radio', { name: first }).isChecked()).resolves.toBe(true);
    await tabTo(member, 'ballot-submit');
    await member.keyboard.press('Enter');
    await member.locator('#my-ballot', { hasText: `Ihre Stimme: ${first}` }).waitFor();
    await expect(activeId(member)).resolves.toBe('my-ballot');

    // When the mandate cannot be read, the page says so and the vote goes on.
    const mandateUrl = `**/api/regions/demo/mandates/${mandate.id}`;
    await member.route(mandateUrl, (route) => route.fulfill({ status: 404, contentType: 'application/problem+json', body: '{"status":404}' }));
    await member.reload();
    await waitForPage(member, mandate.title);
    await expect(text(member, '#basis-unavailable')).resolves.toContain('Die Entscheidungsgrundlage kann hier gerade nicht angezeigt werden.');
    await expect(text(member, '#my-ballot')).resolves.toBe(`Ihre Stimme: ${first}`);
    await expect(member.locator('#subject li', { hasText: 'Praktikumsbörse' }).count()).resolves.toBe(1);
    await member.unroute(mandateUrl);
  }, 90_000);

  it('when a deputy opens a vote for the member they stand in for, then the page says for whom, and the ballot counts for that seat', async () => {
    // Bianca Beirat becomes Boris Beirat's deputy, without a seat of her own.
    const member = (userId: string, rest: Record<string, unknown> = {}) => ({
      userId,
      voting: true,
      chair: false,
      deputyOf: null,
      termFrom: '2020-01-01',
      termUntil: null,
      ...rest,
    });
    const input = boardInputSchema.parse({
      code: 'BB',
      name: 'Bildungsbeirat',
      quorum: { kind: 'majority' },
      tie: 'fails',
      members: [
        member('demo-chair', { chair: true }),
        member('demo-board1'),
        member('demo-board2'),
        member('demo-board3'),
        member('demo-board4', { voting: false, deputyOf: 'demo-board3' }),
      ],
    });
    await saveBoard(stack.store.models, 'demo', input, { id: 'demo-lead', name: 'Lena Leitung' }, new Date().toISOString());
    const deputyTitle = `Ganztag ausbauen ${run}`;
    const reply = await u.chair.post('/api/regions/demo/votes', {
      subject: { title: deputyTitle, motion: 'Der Beirat empfiehlt den Ausbau des Ganztags.' },
      ballot: { kind: 'yes_no' },
      mode: 'written',
      deadline: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(reply.status).toBe(201);

    const deputy = await (await browser.newContext(PORTRAIT)).newPage();
    await signIn(deputy, 'board4@demo.test');
    await waitForPage(deputy, /^Gremium – /);
    await deputy.locator(`#waiting-${reply.body.id}`).click();
    await waitForPage(deputy, deputyTitle);
    await expect(text(deputy, '#deputy-for')).resolves.toBe('Sie stimmen als Vertretung für Boris Beirat ab.');
    await expect(text(deputy, '#quorum-text')).resolves.toContain('0 von 3 erforderlichen Stimmen abgegeben (4 Stimmberechtigte)');
    // Without a seat of her own she has nothing to be recused from here.
    await expect(deputy.locator('#recuse-start').count()).resolves.toBe(0);
    await deputy.getByRole('radio', { name: 'Ja' }).check();
    await deputy.getByRole('button', { name: 'Stimme abgeben' }).click();
    await deputy.locator('#your-vote li', { hasText: 'Als Vertretung für Boris Beirat: Ja' }).waitFor();
    await expect(text(deputy, '#ballot-list')).resolves.toBe('Boris Beirat: Ja (abgegeben durch die Vertretung Bianca Beirat)');
    await expectAccessible(deputy, 'vote page, deputy');
    await deputy.context().close();
  }, 30_000);
});
