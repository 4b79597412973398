import type { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { activeId, expectAccessible, launchBrowser, signIn as signInAt, tabTo as tabToAt, waitForPage } from '../support/browser';
import { startTestStack } from '../support/stack';
import { login, type ApiClient } from '../support/http';
import { mustCreateIndicator, mustEnterValue } from '../support/monitoring';
import { createMandate, demoUsers, finishMandateTasks, mustAct, mustTaskAct, voteAll, type DemoUsers } from '../factories';
import { addDays, berlinDate as berlinDateOf } from '../../domain/time';

/**
 * Education monitoring in a real browser against the real API, worker,
 * Temporal and database: office staff reads the catalogue and an indicator
 * (server-drawn chart with title and description, the same numbers as a
 * table), corrects a value, imports a file (a bad one is refused with its
 * problems listed, a good one is stored); a data provider answers a request
 * with the keyboard alone; the lead opens a mandate's frozen dossier. axe-core
 * checks every page, in German and in English.
 */

const run = randomUUID().slice(0, 8);
/** A region's own indicator for this run, so values of other tests never mix in. */
const key = `browser-${run}`;
const indicatorName = `Testindikator ${key}`;
const mandateTitle = `Frühe Bildung stärken ${run}`;

let stack: Awaited<ReturnType<typeof startTestStack>>;
let u: DemoUsers;
let provider: ApiClient;
let browser: Browser;
let staff: Page;
let requestId = '';
let mandateId = '';

const berlinDate = (days: number): string => addDays(berlinDateOf(Date.now()), days);

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  provider = await login(stack.baseUrl, 'provider@demo.test');
  await mustCreateIndicator(u.lead, key, { breakdowns: ['sex'] });
  for (const [period, value] of [
    ['2022', 41.5],
    ['2023', 42.3],
    ['2024', 45],
  ] as const) {
    await mustEnterValue(u.staff, key, { period, value, caseCount: 200 });
  }
  await mustEnterValue(u.staff, key, { period: '2024', breakdown: { sex: 'female' }, value: 47.1, caseCount: 230 });
  // Two cases: below the demo region's threshold of 3, so the value is never shown.
  await mustEnterValue(u.staff, key, { period: '2024', breakdown: { sex: 'diverse' }, value: 50, caseCount: 2 });

  const request = await u.lead.post('/api/regions/demo/data-requests', {
    indicatorKey: key,
    providerId: 'demo-provider',
    dueDate: berlinDate(14),
    periods: ['2023', '2024'],
    note: 'Bitte die Zahlen aus der Schulstatistik.',
  });
  if (request.status !== 201) throw new Error(`data request → ${request.status}: ${JSON.stringify(request.body)}`);
  requestId = request.body.id;

  // A mandate that names the indicator, with its dossier frozen before the board.
  const mandate = await createMandate(u, { title: mandateTitle, indicators: ['u3-childcare-rate', key] });
  mandateId = mandate.id;
  await mustAct(u.lead, mandateId, 'submit');
  await voteAll(u, mandateId, { choice: 'yes' });
  await mustAct(u.staff, mandateId, 'add-option', { title: 'Sprachkitas', description: 'Sprachförderung in allen Kitas', cost: 90000 });
  await mustAct(u.staff, mandateId, 'record-data', { indicator: key, period: '2024', value: 45, unit: '%', source: 'Testamt' });
  // The values are there already: the mandate's own data requests are cancelled, so they add none.
  const requests = await u.lead.get(`/api/regions/demo/inbox?view=all&mandateId=${mandateId}&type=data-request&pageSize=100`);
  for (const task of requests.body.items) await mustTaskAct(u.lead, task.id, 'cancel', { reason: 'Die Werte liegen schon vor.' });
  await finishMandateTasks(u, mandateId);
  await mustAct(u.lead, mandateId, 'submit-dossier');

  browser = await launchBrowser();
  staff = await (await browser.newContext()).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Signs in on this test's stack. */
const signIn = (page: Page, email: string, hash = '') => signInAt(page, stack.baseUrl, email, hash);
/** The monitoring pages are long: up to 150 presses. */
const tabTo = (page: Page, id: string, key: 'Tab' | 'Shift+Tab' = 'Tab') => tabToAt(page, id, key, 150);

/** The chart's SVG: its accessible name and description come from its own <title> and <desc>. */
async function svgText(page: Page, holder: string) {
  return page.evaluate((selector) => {
    const svg = document.querySelector(`${selector} svg`);
    const referenced = (svg?.getAttribute('aria-labelledby') ?? '').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? null);
    return {
      role: svg?.getAttribute('role') ?? null,
      title: svg?.querySelector('title')?.textContent ?? '',
      desc: svg?.querySelector('desc')?.textContent ?? '',
      referenced,
    };
  }, holder);
}

const csv = (lines: string[]) => ({ name: `werte-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n'), 'utf8') });

describe('education monitoring in the browser', () => {
  it('when staff opens "Indikatoren" from the header, then the catalogue lists the indicators by area with their latest value', async () => {
    await signIn(staff, 'staff@demo.test');
    await waitForPage(staff, /^Mandate – /);
    await staff.getByRole('link', { name: 'Indikatoren', exact: true }).click();
    await waitForPage(staff, 'Bildungsmonitoring – Bildungsregion Musterkreis');
    await expect(staff.getByRole('heading', { level: 2, name: 'Frühkindliche Bildung' }).count()).resolves.toBe(1);
    const row = staff.locator(`tr[data-indicator="${key}"]`);
    await expect(row.textContent()).resolves.toMatch(/45,0\s%\s\(2024\)/);
    await expect(staff.locator('#nav-indicators').getAttribute('aria-current')).resolves.toBe('page');
    await expectAccessible(staff, 'catalogue');
  }, 30_000);

  it('when staff opens the indicator, then the chart has a title and a description and the table holds its numbers', async () => {
    await staff.getByRole('link', { name: indicatorName }).click();
    await waitForPage(staff, indicatorName);
    const svg = await svgText(staff, '#indicator-chart');
    expect(svg.role).toBe('img');
    expect(svg.title).toBe(indicatorName);
    expect(svg.desc.length).toBeGreaterThan(20);
    // The ids inside the SVG are the page's own: aria-labelledby finds the title and the description.
    expect(svg.referenced).toEqual([svg.title, svg.desc]);
    const table = staff.locator('#indicator-chart-table');
    await expect(table.locator('caption').textContent()).resolves.toBe(indicatorName);
    await expect(table.locator('tbody').textContent()).resolves.toMatch(/2022\s*41,5\s%.*2023\s*42,3\s%.*2024\s*45,0\s%/s);
    await expect(staff.locator('#values-table').textContent()).resolves.toContain('gesperrt (kleine Fallzahl)');
    await expectAccessible(staff, 'indicator');

    await staff.getByLabel('Aufschlüsselung', { exact: true }).selectOption('sex');
    await staff.getByRole('button', { name: 'Diagramm anzeigen' }).click();
    await staff.locator('#indicator-chart-table th', { hasText: 'weiblich' }).waitFor();
    await expect(table.locator('tbody').textContent()).resolves.toContain('47,1');
    await expect(table.locator('tbody').textContent()).resolves.toContain('gesperrt (kleine Fallzahl)');
    await expect(activeId(staff)).resolves.toBe('chart-apply');
    await expectAccessible(staff, 'indicator, by sex');

    // On paper: the chart and its table, without header, forms and buttons.
    await staff.emulateMedia({ media: 'print' });
    await expect(staff.locator('#indicator-chart svg').isVisible()).resolves.toBe(true);
    await expect(staff.locator('#indicator-chart-table').isVisible()).resolves.toBe(true);
    for (const hidden of ['header.site-header', '#chart-options', '#value', '#print']) await expect(staff.locator(hidden).isVisible()).resolves.toBe(false);
    await staff.emulateMedia({ media: 'screen' });
  }, 30_000);

  it('when staff corrects a value, then the reason is required and the history shows both versions', async () => {
    const total2024 = staff.locator('#values-table tbody tr', { hasText: /^2024Insgesamt/ });
    await total2024.getByRole('button', { name: /^Korrigieren/ }).click();
    await expect(activeId(staff)).resolves.toBe('value-value');
    await expect(staff.locator('#value-period').inputValue()).resolves.toBe('2024');
    await staff.keyboard.type('45.4');
    await staff.getByRole('button', { name: 'Wert speichern' }).click();
    const noteError = staff.locator('#value-note-error');
    await noteError.waitFor({ state: 'visible' });
    await expect(noteError.textContent()).resolves.toBe('Bei einer Korrektur ist der Anlass Pflicht: Bitte sagen Sie, warum sich der Wert ändert.');
    await expect(activeId(staff)).resolves.toBe('value-note');
    await expectAccessible(staff, 'indicator, correction without reason');

    await staff.keyboard.type('Berichtigte Schulstatistik');
    await staff.getByRole('button', { name: 'Wert speichern' }).click();
    await staff.getByText('Der Wert für 2024 wurde gespeichert.').waitFor();
    const corrected = staff.locator('#values-table tbody tr', { hasText: /^2024Insgesamt/ });
    await expect(corrected.textContent()).resolves.toMatch(/45,4\s%/);
    await corrected.locator('summary').click();
    await corrected.locator('ol.versions li').nth(1).waitFor();
    await expect(corrected.locator('ol.versions').textContent()).resolves.toMatch(
      /Fassung 2: 45,4\s%.*Anlass: Berichtigte Schulstatistik.*Fassung 1: 45,0\s%/s,
    );
    await expectAccessible(staff, 'indicator, history open');
  }, 30_000);

  it('when staff uploads a file with a bad value, then every problem is listed in German and nothing can be committed', async () => {
    await staff.goto(`${stack.baseUrl}/#/regions/demo/imports/new`);
    await waitForPage(staff, 'Daten importieren');
    await expectAccessible(staff, 'import, empty');
    await staff.setInputFiles('#import-file', csv(['Jahr;Anteil in %', '2019;38,2', '2020;abc', '2021;40,1']));
    await staff.getByRole('button', { name: 'Hochladen und prüfen' }).click();
    await staff.locator('#import-preview-heading').waitFor();
    await expect(activeId(staff)).resolves.toBe('import-preview-heading');
    const issues = staff.locator('#issues-table');
    await expect(issues.textContent()).resolves.toContain('Der Wert ist weder eine Zahl noch eines der Zeichen');
    await expect(issues.locator('tr[data-code="not_a_number"]').textContent()).resolves.toMatch(/^3B \(2\)abc/);
    await expect(staff.locator('#issues-heading').textContent()).resolves.toMatch(/^\d+ Probleme?$/);
    await expect(staff.locator('#commit-submit').isDisabled()).resolves.toBe(true);
    await expect(staff.locator('#commit-submit').getAttribute('aria-describedby')).resolves.toBe('commit-blocked');
    await expectAccessible(staff, 'import preview with problems');

    await staff.getByRole('button', { name: 'Import verwerfen' }).click();
    await staff.getByText(`Der Import von „werte-${run}.csv“ wurde verworfen.`).waitFor();
    await expect(activeId(staff)).resolves.toBe('import-file');
  }, 30_000);

  it('when staff uploads a good file, chooses the indicator and commits, then the values are stored', async () => {
    await staff.setInputFiles('#import-file', csv(['Jahr;Anteil in %', '2019;38,2', '2020;39,0', '2021;40,1']));
    await staff.getByRole('button', { name: 'Hochladen und prüfen' }).click();
    await staff.locator('#import-preview-heading').waitFor();
    await staff.locator('#mapping-indicator').selectOption(key);
    await staff.locator('#mapping-periodColumn').selectOption('0');
    await staff.locator('#mapping-value-1').check();
    await staff.locator('#mapping-value-0').uncheck();
    await staff.getByRole('button', { name: 'Zuordnung übernehmen und neu lesen' }).click();
    await staff.getByText('Die Datei wurde mit der neuen Zuordnung gelesen.', { exact: false }).waitFor();
    await expect(staff.locator('#issues').textContent()).resolves.toContain('Keine Probleme gefunden.');
    await expect(staff.locator('#sample').textContent()).resolves.toMatch(/2020.*39,0\s%/s);
    await expect(staff.locator('#commit-submit').isDisabled()).resolves.toBe(false);
    await expectAccessible(staff, 'import preview without problems');

    await staff.getByLabel('Datenquelle').fill('Statistisches Landesamt');
    await staff.locator('#commit-submit').click();
    await staff.locator('#import-done-heading').waitFor();
    await expect(staff.locator('#import-done').textContent()).resolves.toContain(`3 Werte aus „werte-${run}.csv“ wurden übernommen.`);
    await expectAccessible(staff, 'import done');
    await staff.getByRole('link', { name: `Zum Indikator „${indicatorName}“` }).click();
    await waitForPage(staff, indicatorName);
    await expect(staff.locator('#indicator-chart-table tbody').textContent()).resolves.toMatch(/2020\s*39,0\s%/);
  }, 30_000);

  it('when a data provider answers a request with the keyboard alone, then it waits for the review', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'provider@demo.test');
    await waitForPage(page, 'Datenanfragen – Bildungsregion Musterkreis');
    // A provider sees nothing else of the region.
    await expect(page.locator('#nav-links a').evaluateAll((links) => links.map((link) => link.id))).resolves.toEqual([
      'nav-data-requests',
      'nav-notifications',
      'nav-settings',
    ]);
    await expectAccessible(page, 'data requests, provider');

    await tabTo(page, `request-link-${requestId}`);
    await page.keyboard.press('Enter');
    await waitForPage(page, `Datenanfrage: ${indicatorName}`);
    await expectAccessible(page, 'data request, answer form');
    await tabTo(page, 'answer-0-0-value');
    await page.keyboard.type('42,8');
    await page.keyboard.press('Tab');
    await expect(activeId(page)).resolves.toBe('answer-0-0-caseCount');
    await page.keyboard.type('190');
    await tabTo(page, 'answer-1-0-value');
    await page.keyboard.type('abc');
    await tabTo(page, 'answer-submit');
    await page.keyboard.press('Enter');
    await page.locator('#answer-1-0-value-error').waitFor({ state: 'visible' });
    await expect(activeId(page)).resolves.toBe('answer-1-0-value');
    await expectAccessible(page, 'data request, answer with an error');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('45,9');
    await tabTo(page, 'answer-source');
    await page.keyboard.type('Schulstatistik 2024');
    await tabTo(page, 'answer-submit');
    await page.keyboard.press('Enter');
    await page.locator('#request-state').waitFor();
    await expect(page.locator('#request-state').textContent()).resolves.toBe('Die Daten wurden übermittelt und warten auf die Prüfung durch das Bildungsbüro.');
    await expect(activeId(page)).resolves.toBe('request-state');
    await expect(page.locator('#answer-sent').textContent()).resolves.toContain('45,9');
    await expect(page.locator('#answer-form-section').count()).resolves.toBe(0);
    await expectAccessible(page, 'data request, answered');
    const stored = await provider.get(`/api/regions/demo/data-requests/${requestId}`);
    expect(stored.body.status).toBe('in_review');
    await page.context().close();
  }, 45_000);

  it('when the lead adds an indicator of the region’s own and sets its target, then its page shows both', async () => {
    const lead = await (await browser.newContext()).newPage();
    const ownKey = `eigen-${run}`;
    await signIn(lead, 'lead@demo.test', '#/regions/demo/indicators');
    await waitForPage(lead, /^Bildungsmonitoring – /);
    await lead.getByText('Eigenen Indikator anlegen').click();
    await lead.getByLabel('Kennung').fill(ownKey);
    await lead.getByLabel('Bildungsbereich').selectOption('general-schools');
    await lead.getByLabel('Name (deutsch)').fill(`Schulsozialarbeit ${run}`);
    await lead.getByLabel('Name (englisch)').fill(`School social work ${run}`);
    await lead.getByLabel('Definition (deutsch)').fill('Fälle der Schulsozialarbeit je Schuljahr');
    await lead.getByRole('button', { name: 'Indikator anlegen' }).click();
    await lead.locator('#indicator-definitionEn-error').waitFor({ state: 'visible' });
    await expect(activeId(lead)).resolves.toBe('indicator-definitionEn');
    await expectAccessible(lead, 'catalogue, own indicator form with field errors');

    await lead.getByLabel('Definition (englisch)').fill('Cases of school social work per school year');
    await lead.getByLabel('Einheit', { exact: true }).selectOption('count');
    await lead.getByLabel('Nachkommastellen').fill('0');
    await lead.getByLabel('Übliche Datenquelle').fill('Jugendamt');
    await lead.getByLabel('Geschlecht').check();
    await lead.getByLabel('Ein niedrigerer Wert ist besser').check();
    await lead.getByRole('button', { name: 'Indikator anlegen' }).click();
    await waitForPage(lead, `Schulsozialarbeit ${run}`);
    await expect(lead.locator('#notice').textContent()).resolves.toBe(`Der Indikator „Schulsozialarbeit ${run}“ wurde angelegt.`);
    await expect(lead.locator('#overview').textContent()).resolves.toContain('Ein niedrigerer Wert ist besser');

    await lead.getByLabel('Zielwert', { exact: true }).fill('120');
    await lead.getByLabel('Für den Zeitraum').fill('2030');
    await lead.getByRole('button', { name: 'Zielwert speichern' }).click();
    await lead.getByText('Der Zielwert wurde gespeichert.').waitFor();
    await expect(lead.locator('#overview').textContent()).resolves.toContain('120 (für 2030)');
    await expectAccessible(lead, 'own indicator with target');
    await lead.getByRole('button', { name: 'Zielwert entfernen' }).click();
    await lead.getByText('Der Zielwert wurde entfernt.').waitFor();
    await expect(lead.locator('#overview').textContent()).resolves.toContain('kein Zielwert festgelegt');
    await lead.context().close();
  }, 30_000);

  it('when the lead asks the provider for data with the form, then the request is listed for both', async () => {
    const lead = await (await browser.newContext()).newPage();
    await signIn(lead, 'lead@demo.test', '#/regions/demo/data-requests');
    await waitForPage(lead, 'Datenanfragen – Bildungsregion Musterkreis');
    await lead.getByLabel('Indikator', { exact: true }).selectOption(key);
    await lead.getByLabel('Datenlieferant', { exact: true }).selectOption({ label: 'Paula Schulamt' });
    await lead.getByLabel('Fällig am').fill(berlinDate(21));
    await lead.getByLabel('Zeiträume').fill('2024, 2025/27');
    await lead.getByRole('button', { name: 'Anfrage senden' }).click();
    await lead.locator('#request-periods-error').waitFor({ state: 'visible' });
    await expect(lead.locator('#request-periods-error').textContent()).resolves.toBe('Ein Schuljahr reicht ins nächste Jahr, zum Beispiel 2024/25.');
    await expectAccessible(lead, 'data requests, lead, form with field error');

    await lead.getByLabel('Zeiträume').fill('2024, 2025');
    await lead.getByRole('button', { name: 'Anfrage senden' }).click();
    await lead.getByText(`Die Anfrage „${indicatorName}“ an Paula Schulamt wurde gesendet.`).waitFor();
    await expect(lead.locator('#requests-table tbody').textContent()).resolves.toContain('2024, 2025');
    const listed = await provider.get('/api/regions/demo/data-requests');
    expect(listed.body.items.filter((item: any) => item.periods.join() === '2024,2025')).toHaveLength(1);
    await lead.context().close();
  }, 30_000);

  it('when the provider answers the new request with a file, then the values go to the office as the answer', async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, 'provider@demo.test');
    await waitForPage(page, /^Datenanfragen – /);
    const listed = await provider.get('/api/regions/demo/data-requests');
    const second = listed.body.items.find((item: any) => item.periods.join() === '2024,2025');
    await page.locator(`#request-link-${second.id}`).click();
    await waitForPage(page, `Datenanfrage: ${indicatorName}`);
    await page.getByRole('link', { name: 'Stattdessen eine Datei hochladen (CSV oder Excel)' }).click();
    await waitForPage(page, 'Daten importieren');
    await expect(page.locator('p.lead').textContent()).resolves.toContain('(Zeiträume: 2024, 2025)');
    await page.setInputFiles('#import-file', csv(['Jahr;Anteil in %', '2024;46,0', '2025;47,2']));
    await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
    await page.locator('#import-preview-heading').waitFor();
    await expect(page.locator('#issues').textContent()).resolves.toContain('Keine Probleme gefunden.');
    await expect(page.locator('#mapping-indicator').inputValue()).resolves.toBe(key);
    await expect(page.evaluate(() => location.hash)).resolves.toMatch(/^#\/regions\/demo\/imports\/[^/?]+$/);
    await expectAccessible(page, 'import preview, provider');
    await page.getByLabel('Datenquelle').fill('Schulamt, Schulstatistik');
    await page.getByRole('button', { name: 'Als Antwort übermitteln' }).click();
    await page.locator('#import-done-heading').waitFor();
    await expect(page.locator('#import-done').textContent()).resolves.toContain('als Antwort auf die Datenanfrage übermittelt');
    await page.getByRole('link', { name: 'Zur Datenanfrage', exact: true }).click();
    await waitForPage(page, `Datenanfrage: ${indicatorName}`);
    await expect(page.locator('#request-state').textContent()).resolves.toBe('Die Daten wurden übermittelt und warten auf die Prüfung durch das Bildungsbüro.');
    await expect(page.locator('#answer-sent').textContent()).resolves.toMatch(/werte-.*\.csv/);
    await page.context().close();
  }, 30_000);

  it('when the lead opens the dossier from the mandate, then it shows its checksum, that it is frozen and the charts with tables', async () => {
    const lead = await (await browser.newContext()).newPage();
    await signIn(lead, 'lead@demo.test', `#/regions/demo/mandates/${mandateId}`);
    await waitForPage(lead, mandateTitle);
    await lead.getByRole('link', { name: 'Entscheidungsvorlage mit Kennzahlen ansehen' }).click();
    await waitForPage(lead, `Entscheidungsvorlage: ${mandateTitle}`);
    await expect(lead.locator('#dossier-state').textContent()).resolves.toMatch(/^Stand bei Vorlage an den Beirat/);
    await expect(lead.locator('#dossier-hash').textContent()).resolves.toMatch(/^[0-9a-f]{64}$/);
    await expect(lead.locator('#dossier-pdf').getAttribute('href')).resolves.toBe(`/api/regions/demo/mandates/${mandateId}/dossier.pdf?lang=de`);
    const charts = await lead.locator('.dossier-indicator svg').count();
    expect(charts).toBe(2);
    for (const index of [0, 1]) {
      const svg = await svgText(lead, `#dossier-chart-${index}`);
      expect(svg.referenced).toEqual([svg.title, svg.desc]);
    }
    await expect(lead.locator('#dossier-chart-1-table').textContent()).resolves.toMatch(/45,0\s%/);
    await expectAccessible(lead, 'dossier');

    await lead.getByRole('button', { name: 'English' }).click();
    await waitForPage(lead, `Decision dossier: ${mandateTitle}`);
    await expect(lead.locator('#dossier-state').textContent()).resolves.toMatch(/^As submitted to the board/);
    await expectAccessible(lead, 'dossier, English');
    await lead.goto(`${stack.baseUrl}/#/regions/demo/indicators/${key}`);
    await waitForPage(lead, `Test indicator ${key}`);
    await expect(lead.getByRole('heading', { level: 2, name: 'Current values' }).count()).resolves.toBe(1);
    await expectAccessible(lead, 'indicator, English, lead');
    await lead.goto(`${stack.baseUrl}/#/regions/demo/data-requests`);
    await waitForPage(lead, /^Data requests – /);
    await expectAccessible(lead, 'data requests, English, lead');
    await lead.getByRole('button', { name: 'Deutsch' }).click();
    await waitForPage(lead, /^Datenanfragen – /);
    await lead.context().close();
  }, 45_000);
});
