import type { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { expectAccessible, launchBrowser, waitForPage } from '../support/browser';
import { startTestStack } from '../support/stack';

/**
 * The web UI in a real browser against the real API, worker, Temporal and
 * database: a mandate goes from draft through the approval vote and
 * preparation to the decision vote, driven by keyboard and forms, with
 * axe-core checking every page it passes (WCAG 2.1 AA and axe's best practices).
 */

const PASSWORD = 'demo';
const LEAD = 'lead@demo.test';
/** The demo board: the chair and four members; the vote closes once the rest cannot change the result (three yes of five). */
const BOARD_IN_BROWSER = 'board1@demo.test';
const BOARD_BY_API = ['board2@demo.test', 'board3@demo.test', 'board4@demo.test', 'chair@demo.test'];

let stack: Awaited<ReturnType<typeof startTestStack>>;
let browser: Browser;
let lead: Page;
/** A board member's page, kept open from their first vote to the decision vote. */
let member: Page;
/** The mandate the flow creates, taken from the page's address once it exists. */
let mandateHash = '';
const title = `Übergang Schule–Beruf ${randomUUID().slice(0, 8)}`;
const optionTitle = 'Berufsorientierung ab Klasse 7';

beforeAll(async () => {
  stack = await startTestStack();
  browser = await launchBrowser();
  lead = await (await browser.newContext()).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const activeElement = (page: Page) =>
  page.evaluate(() => ({
    id: document.activeElement?.id ?? '',
    tag: document.activeElement?.tagName ?? '',
    text: document.activeElement?.textContent ?? '',
  }));

const phaseBadge = (page: Page) => page.locator('p.lead .phase');

/** Signs in through the API with a bearer token, which needs no CSRF header. */
async function apiToken(email: string): Promise<string> {
  const response = await fetch(`${stack.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/**
 * The lead cancels the mandate's open tasks, which hold the phase gate (the
 * office's work on them is the inbox test's subject), and waits until the
 * mandate has heard of it.
 */
async function cancelOpenTasksByApi(): Promise<void> {
  const [, regionId, mandateId] = /^#\/regions\/([^/]+)\/mandates\/([^/]+)$/.exec(mandateHash) ?? [];
  const headers = { Authorization: `Bearer ${await apiToken(LEAD)}`, 'Content-Type': 'application/json' };
  const inbox = await fetch(`${stack.baseUrl}/api/regions/${regionId}/inbox?view=all&mandateId=${mandateId}&pageSize=100`, { headers }).then((r) => r.json());
  for (const task of inbox.items.filter((candidate: { allowedActions: string[] }) => candidate.allowedActions.includes('cancel'))) {
    const response = await fetch(`${stack.baseUrl}/api/regions/${regionId}/tasks/${task.id}/actions/cancel`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ reason: 'Für den Browsertest nicht nötig' }),
    });
    expect(response.status).toBe(200);
  }
  for (let attempt = 0; attempt < 60; attempt++) {
    const mandate = await fetch(`${stack.baseUrl}/api/regions/${regionId}/mandates/${mandateId}`, { headers }).then((r) => r.json());
    if (mandate.tasks.every((task: { status: string }) => task.status === 'cancelled' || task.status === 'done')) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the mandate still counts open tasks');
}

async function voteYesByApi(email: string): Promise<number> {
  const [, regionId, mandateId] = /^#\/regions\/([^/]+)\/mandates\/([^/]+)$/.exec(mandateHash) ?? [];
  const response = await fetch(`${stack.baseUrl}/api/regions/${regionId}/mandates/${mandateId}/actions/vote`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${await apiToken(email)}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': randomUUID(),
    },
    body: JSON.stringify({ choice: 'yes' }),
  });
  return response.status;
}

describe('web UI', () => {
  it('when the office lead signs in with the keyboard alone, then the mandate list opens with focus on its heading', async () => {
    await lead.goto(`${stack.baseUrl}/`);
    await waitForPage(lead, 'Anmelden');
    await expectAccessible(lead, 'login');

    await lead.keyboard.press('Tab');
    expect((await activeElement(lead)).id).toBe('skip-link');
    await lead.keyboard.press('Enter');
    expect((await activeElement(lead)).id).toBe('main');
    await lead.keyboard.press('Tab');
    expect((await activeElement(lead)).id).toBe('login-email');
    await lead.keyboard.type(LEAD);
    await lead.keyboard.press('Tab');
    expect((await activeElement(lead)).id).toBe('login-password');
    await lead.keyboard.type(PASSWORD);
    await lead.keyboard.press('Tab');
    expect(await activeElement(lead)).toMatchObject({ tag: 'BUTTON', text: 'Anmelden' });
    await lead.keyboard.press('Enter');

    await waitForPage(lead, /^Mandate – /);
    expect((await activeElement(lead)).tag).toBe('H1');
    await expectAccessible(lead, 'mandate list');
  }, 20_000);

  it('when the lead sends "Neues Mandat" empty, then each field says in German what is missing', async () => {
    await lead.getByRole('button', { name: 'Mandat anlegen' }).click();

    const titleError = lead.locator('#create-title-error');
    await titleError.waitFor({ state: 'visible' });
    // The API's code `empty` and `too_small` (array, minimum 1), in the catalogue's words.
    await expect(titleError.textContent()).resolves.toBe('Dieses Feld darf nicht leer sein.');
    await expect(lead.locator('#create-goals-error').textContent()).resolves.toBe('Bitte geben Sie mindestens einen Eintrag an.');
    await expect(lead.locator('#create-dueDate-error').textContent()).resolves.toBe('Bitte geben Sie ein Datum an.');
    const titleField = lead.getByLabel('Titel', { exact: true });
    await expect(titleField.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(titleField.getAttribute('aria-describedby')).resolves.toContain('create-title-error');
    expect((await activeElement(lead)).id).toBe('create-title');
    await expect(lead.locator('#create-problem').textContent()).resolves.toBe('Bitte korrigieren Sie die markierten Angaben.');
    await expectAccessible(lead, 'mandate list, create form with field errors');
  }, 20_000);

  it('when the API sends a field error, then its code and params are said in German, and an unknown code in English', async () => {
    const described = await lead.evaluate(`import('/forms.js').then(({ describeFieldError: say }) => [
      say({ field: 'title', code: 'too_big', message: '', params: { maximum: 5000, origin: 'string' } }, { name: 'title', type: 'text' }, 'x'),
      say({ field: 'goals.1', code: 'too_big', message: '', params: { maximum: 500, origin: 'string' } }, { name: 'goals', type: 'lines' }, ['a', 'b']),
      say({ field: 'voteDeadline', code: 'not_in_future', message: '' }, { name: 'voteDeadline', type: 'date' }, '2020-01-01'),
      say({ field: 'cost', code: 'invalid_type', message: '', params: { expected: 'number' } }, { name: 'cost', type: 'number' }, 'x'),
      say({ field: 'colour', code: 'unknown_field', message: 'is not a known field' }, undefined, undefined),
      say({ field: 'title', code: 'brand_new_rule', message: 'is new' }, { name: 'title', type: 'text' }, 'x'),
      say({ field: 'cost', code: 'too_small', message: 'must be later', params: { minimum: 1, origin: 'date' } }, { name: 'cost', type: 'number' }, 1),
    ])`);
    expect(described).toEqual([
      { text: 'Bitte geben Sie höchstens 5.000 Zeichen ein.' },
      { text: 'Zeile 2: Bitte geben Sie höchstens 500 Zeichen ein.' },
      { text: 'Das Datum muss in der Zukunft liegen.' },
      { text: 'Bitte geben Sie eine Zahl ein.' },
      { text: 'Diese Angabe ist hier nicht vorgesehen.' },
      // Codes (or origins) the catalogue does not know keep the API's English, marked as English.
      { text: 'is new', lang: 'en' },
      { text: 'must be later', lang: 'en' },
    ]);
  });

  it('when the lead fills in "Neues Mandat", then the new mandate opens in phase Entwurf', async () => {
    await lead.getByLabel('Titel', { exact: true }).fill(title);
    await lead.getByLabel('Handlungsfeld', { exact: true }).fill('Übergänge gestalten');
    await lead.getByLabel('Fragestellung', { exact: true }).fill('Wie senken wir den Anteil der Abgänge ohne Abschluss?');
    await lead.getByLabel('Strategische Ziele', { exact: true }).fill('Weniger Abgänge ohne Abschluss\nMehr Ausbildungsverträge');
    await lead.getByLabel('Fällig am', { exact: true }).fill(`${new Date().getFullYear() + 1}-06-30`);
    // Indicators come from the region's catalogue.
    await lead.getByRole('checkbox', { name: 'Anteil der Abgänger*innen ohne Ersten Schulabschluss' }).check();
    await lead.getByRole('button', { name: 'Mandat anlegen' }).click();

    await waitForPage(lead, title);
    mandateHash = new URL(lead.url()).hash;
    expect(mandateHash).toMatch(/^#\/regions\/[^/]+\/mandates\/[^/]+$/);
    expect((await activeElement(lead)).tag).toBe('H1');
    await expect(phaseBadge(lead).textContent()).resolves.toBe('Entwurf');
    await expect(lead.locator('#notice').textContent()).resolves.toContain(title);
    await expectAccessible(lead, 'detail, draft');
  }, 20_000);

  it('when the lead submits it, then the approval vote opens', async () => {
    await lead.getByRole('button', { name: 'Zur Beauftragung einreichen' }).click();
    await lead.locator('#vote').waitFor();
    await expect(phaseBadge(lead).textContent()).resolves.toBe('Beauftragung (Abstimmung)');
    await expectAccessible(lead, 'detail, approval, as lead');
  }, 20_000);

  it('when a board member votes "Ja" with the radio buttons, then their ballot is listed', async () => {
    member = await (await browser.newContext()).newPage();
    await member.goto(`${stack.baseUrl}/${mandateHash}`);
    await waitForPage(member, 'Anmelden');
    await member.getByLabel('E-Mail-Adresse').fill(BOARD_IN_BROWSER);
    await member.getByLabel('Passwort').fill(PASSWORD);
    await member.getByRole('button', { name: 'Anmelden' }).click();

    await waitForPage(member, title);
    await expect(member.getByRole('radio').count()).resolves.toBe(3);
    // No choice: zod's `invalid_value` at `choice` asks for one.
    await member.getByRole('button', { name: 'Abstimmen' }).click();
    await member.locator('#action-vote-choice-error').waitFor({ state: 'visible' });
    await expect(member.locator('#action-vote-choice-error').textContent()).resolves.toBe('Bitte treffen Sie eine Auswahl.');
    await expect(member.getByRole('radio', { name: 'Ja' }).getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await activeElement(member)).id).toBe('action-vote-choice-0');
    await member.getByRole('radio', { name: 'Ja' }).check();
    await expectAccessible(member, 'detail, approval, as board member');
    await member.getByRole('button', { name: 'Abstimmen' }).click();
    await member.getByText('„Abstimmen“ wurde ausgeführt.').waitFor();
    await expect(member.locator('#vote .ballots').textContent()).resolves.toContain('Ja');
  }, 20_000);

  it('when the rest of the board votes yes, then the lead sees phase Vorbereitung after a reload and a stale vote is refused', async () => {
    const statuses: number[] = [];
    for (const email of BOARD_BY_API) statuses.push(await voteYesByApi(email));
    // With the browser's yes, the third yes decides it: the last two find the vote closed.
    expect(statuses).toEqual([200, 200, 409, 409]);
    await lead.reload();
    await waitForPage(lead, title);
    await expect(phaseBadge(lead).textContent()).resolves.toBe('Vorbereitung');
    await expect(lead.locator('#history').textContent()).resolves.toContain('Abstimmung beendet');
    await expectAccessible(lead, 'detail, preparation');

    // The member's page still offers the closed vote, with their ballot checked.
    await expect(member.getByRole('radio', { name: 'Ja' }).isChecked()).resolves.toBe(true);
    await member.getByRole('button', { name: 'Abstimmen' }).click();
    await member.getByText('jetzt in der Phase „Vorbereitung“').waitFor();
    await expect(phaseBadge(member).textContent()).resolves.toBe('Vorbereitung');
    await expect(member.getByRole('button', { name: 'Abstimmen' }).count()).resolves.toBe(0);
  }, 20_000);

  it('when an option has a negative cost, then the 422 is shown at the cost field in the language of the page', async () => {
    const description = 'Praktika und Betriebsbesuche an allen Schulen.';
    const cost = lead.getByLabel(/^Kosten in Euro/);
    await lead.getByLabel('Titel', { exact: true }).fill(optionTitle);
    await lead.getByLabel('Beschreibung', { exact: true }).fill(description);
    await cost.fill('-5');
    await lead.getByRole('button', { name: 'Handlungsoption hinzufügen' }).click();

    const error = lead.locator('#action-add-option-cost-error');
    await error.waitFor({ state: 'visible' });
    // `too_small` with {minimum: 0, origin: 'number'}, not the API's English message.
    await expect(error.textContent()).resolves.toBe('Der Wert muss mindestens 0 betragen.');
    await expect(cost.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(cost.getAttribute('aria-describedby')).resolves.toContain('action-add-option-cost-error');
    expect((await activeElement(lead)).id).toBe('action-add-option-cost');
    await expect(lead.locator('#action-add-option-problem').textContent()).resolves.toBe('Bitte korrigieren Sie die markierten Angaben.');
    await expectAccessible(lead, 'detail, preparation, with field errors');

    await lead.getByRole('button', { name: 'English' }).click();
    await lead.getByRole('heading', { level: 2, name: 'Options' }).waitFor();
    await lead.getByLabel('Title', { exact: true }).fill(optionTitle);
    await lead.getByLabel('Description', { exact: true }).fill(description);
    await lead.getByLabel(/^Cost in euros/).fill('-5');
    await lead.getByRole('button', { name: 'Add an option' }).click();
    await error.waitFor({ state: 'visible' });
    await expect(error.textContent()).resolves.toBe('The value must be at least 0.');
    await expectAccessible(lead, 'detail, preparation, with field errors, English');

    await lead.getByRole('button', { name: 'Deutsch' }).click();
    await lead.getByRole('heading', { level: 2, name: 'Handlungsoptionen' }).waitFor();
    await lead.getByLabel('Titel', { exact: true }).fill(optionTitle);
    await lead.getByLabel('Beschreibung', { exact: true }).fill(description);
    await cost.fill('12500');
    await lead.getByRole('button', { name: 'Handlungsoption hinzufügen' }).click();
    await lead.locator('#options').getByRole('heading', { level: 3, name: optionTitle }).waitFor();
    await expect(lead.locator('#options').textContent()).resolves.toContain('12.500,00');
  }, 20_000);

  it('when a data point is recorded and the dossier submitted, then it waits for the required tasks, and then the board votes on each option, revise, reject or abstain', async () => {
    await lead.getByLabel('Indikator', { exact: true }).fill('Abgänge ohne Abschluss (%)');
    await lead.getByLabel('Zeitraum', { exact: true }).fill('2024');
    await lead.getByLabel('Wert', { exact: true }).fill('6.8');
    await lead.getByRole('button', { name: 'Datenpunkt erfassen' }).click();
    await lead.locator('#data tbody tr').waitFor();
    await expect(lead.locator('#data tbody').textContent()).resolves.toContain('6,8');
    await lead.getByRole('button', { name: 'Entscheidungsvorlage einreichen' }).click();
    // The office's required tasks of the phase hold the gate, said in German with their titles.
    const gate = lead.locator('#action-submit-dossier-problem');
    await gate.getByText(/Pflichtaufgaben dieser Phase sind noch offen: .*Akteure beteiligen/).waitFor();
    await expect(lead.locator('#tasks').textContent()).resolves.toContain('Akteure beteiligen');
    await cancelOpenTasksByApi();
    await lead.getByRole('button', { name: 'Entscheidungsvorlage einreichen' }).click();
    await lead.locator('#vote').waitFor();
    await expect(phaseBadge(lead).textContent()).resolves.toBe('Entscheidung');

    await member.reload();
    await waitForPage(member, title);
    await expect(
      member.getByRole('radio').evaluateAll((radios) => radios.map((radio) => (radio as HTMLInputElement).labels?.[0]?.textContent)),
    ).resolves.toEqual([`Option „${optionTitle}“`, 'Überarbeiten', 'Ablehnen', 'Enthaltung']);
    await expectAccessible(member, 'detail, decision, as board member');
  }, 20_000);

  it('when the language is switched to English, then the page speaks English, also after a reload', async () => {
    await lead.getByRole('button', { name: 'English' }).click();
    await lead.getByRole('heading', { level: 2, name: 'Options' }).waitFor();
    await expect(lead.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    await expect(phaseBadge(lead).textContent()).resolves.toBe('Decision');
    expect((await activeElement(lead)).id).toBe('language');
    await expectAccessible(lead, 'detail, decision, English');

    await lead.reload();
    await waitForPage(lead, title);
    await expect(lead.evaluate(() => document.documentElement.lang)).resolves.toBe('en');
    // Both catalogues must offer every message: a missing key would show as the key itself.
    const keyDifference =
      await lead.evaluate(`Promise.all(['de', 'en', 'board-de', 'board-en', 'meetings-de', 'meetings-en'].map((name) => import('/i18n/' + name + '.js'))).then(([de, en, boardDe, boardEn, meetingsDe, meetingsEn]) => {
      const pairs = [[de, en], [boardDe, boardEn], [meetingsDe, meetingsEn]];
      // The board's catalogues add keys; none may replace one of the main catalogue's.
      const shadowed = [...Object.keys(boardDe.default), ...Object.keys(meetingsDe.default)].filter((key) => key in de.default);
      return [...shadowed, ...pairs.flatMap(([a, b]) => {
        const [german, english] = [Object.keys(a.default), Object.keys(b.default)];
        return [...german.filter((key) => !english.includes(key)), ...english.filter((key) => !german.includes(key))];
      })];
    })`);
    expect(keyDifference).toEqual([]);
  }, 20_000);

  it('when the English list is filtered by phase and title, then it shows the mandate and its count', async () => {
    await lead.getByRole('link', { name: 'Back to the list of mandates' }).click();
    await waitForPage(lead, /^Mandates – /);
    await lead.getByLabel('Phase').selectOption('decision');
    await lead.getByLabel('Search term').fill(title);
    await lead.getByRole('button', { name: 'Apply filter' }).click();
    await lead.getByText('1 mandate found').first().waitFor();
    await expect(lead.getByRole('row', { name: new RegExp(title) }).textContent()).resolves.toContain('Decision');
    expect((await activeElement(lead)).id).toBe('filter-apply');
    await expectAccessible(lead, 'mandate list, English, filtered');

    await lead.getByRole('button', { name: 'Sign out' }).click();
    await waitForPage(lead, 'Sign in');
  }, 20_000);
});
