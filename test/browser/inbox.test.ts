import type { Browser, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { activeId, expectAccessible, launchBrowser, signIn as signInAt, tabTo, waitForPage } from '../support/browser';
import { startTestStack } from '../support/stack';
import { demoUsers, preparedMandate, type DemoUsers } from '../factories';
import { addDays, berlinDate as berlinDateOf } from '../../domain/time';

/**
 * The office's inbox in a real browser against the real API, worker, Temporal
 * and database: a staff member claims a task with the keyboard alone and sees
 * it move to "Meine Aufgaben" at once, completes it with its form; the lead
 * reassigns tasks in bulk; axe-core checks the inbox, task, notifications,
 * absences and settings pages in German and in English.
 */

/** Tells this run's tasks apart in a shared region. */
const run = randomUUID().slice(0, 8);
const claimTitle = `Schulträger anhören ${run}`;
const bulkTitles = [`Bericht Kreistag ${run}`, `Bericht Jugendhilfe ${run}`];
const raceTitles = [`Wettlauf Liste ${run}`, `Wettlauf Seite ${run}`];

let stack: Awaited<ReturnType<typeof startTestStack>>;
let u: DemoUsers;
let browser: Browser;
let staff: Page;
let claimTaskId = '';
let bulkTaskIds: string[] = [];
let raceTaskIds: string[] = [];

/** A calendar date `days` from today in Berlin, where due dates are kept. */
const berlinDate = (days: number): string => addDays(berlinDateOf(Date.now()), days);

async function createTask(body: Record<string, unknown>): Promise<string> {
  const reply = await u.lead.post('/api/regions/demo/tasks', body);
  if (reply.status !== 201) throw new Error(`create task → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.id;
}

/** Polls until `check` holds; for effects that arrive through the worker (notifications). */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  // A mandate entering preparation gets its tasks from the templates.
  await preparedMandate(u);
  claimTaskId = await createTask({ title: claimTitle, type: 'consult', dueDate: berlinDate(2), priority: 'high' });
  bulkTaskIds = await Promise.all(bulkTitles.map((title) => createTask({ title, type: 'general', assigneeId: 'demo-staff', dueDate: berlinDate(20) })));
  raceTaskIds = await Promise.all(raceTitles.map((title) => createTask({ title, type: 'general', dueDate: berlinDate(10) })));
  browser = await launchBrowser();
  staff = await (await browser.newContext()).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Signs in on this test's stack. */
const signIn = (page: Page, email: string, hash = '') => signInAt(page, stack.baseUrl, email, hash);

const count = async (page: Page, id: string) => Number(/\((\d+)\)/.exec((await page.locator(`#${id}`).textContent()) ?? '')?.[1]);
const row = (page: Page, taskId: string) => page.locator(`tr[data-task-id="${taskId}"]`);

describe('office inbox in the browser', () => {
  it('when staff opens "Aufgaben" from the header, then the inbox shows the views with their counts', async () => {
    await signIn(staff, 'staff@demo.test');
    await waitForPage(staff, /^Mandate – /);
    await staff.getByRole('link', { name: /^Aufgaben \(\d+\)$/ }).click();
    await waitForPage(staff, 'Aufgaben – Bildungsregion Musterkreis');
    await expect(staff.locator('#view-mine').textContent()).resolves.toBe('Meine Aufgaben (2)');
    await expect(staff.locator('#view-mine').getAttribute('aria-current')).resolves.toBe('page');
    // The lead's view of everything is not offered to staff.
    await expect(staff.locator('#view-all').count()).resolves.toBe(0);
    await expectAccessible(staff, 'inbox, mine');
  }, 30_000);

  it('when staff claims a task in "Zum Übernehmen" with Tab and Enter, then it moves to "Meine Aufgaben" at once', async () => {
    await tabTo(staff, 'view-role');
    await staff.keyboard.press('Enter');
    await staff.locator('#view-role[aria-current="page"]').waitFor();
    await staff.locator('main:not([aria-busy])').waitFor();
    // The mandate's template tasks wait here too.
    await expect(staff.locator('tbody').textContent()).resolves.toContain('Daten anfordern');
    await expect(row(staff, claimTaskId).textContent()).resolves.toContain('fällig in 2 Tagen');
    await expectAccessible(staff, 'inbox, role');
    const [mine, claimable] = [await count(staff, 'view-mine'), await count(staff, 'view-role')];
    // A marker that a page reload would wipe out.
    await staff.evaluate(() => ((window as unknown as { marker: boolean }).marker = true));

    await tabTo(staff, `claim-${claimTaskId}`);
    await staff.keyboard.press('Enter');
    await staff.getByText(`Sie haben „${claimTitle}“ übernommen.`, { exact: false }).waitFor();
    await expect(staff.evaluate(() => (window as unknown as { marker?: boolean }).marker)).resolves.toBe(true);
    expect(await count(staff, 'view-mine')).toBe(mine + 1);
    expect(await count(staff, 'view-role')).toBe(claimable - 1);
    await expect(row(staff, claimTaskId).count()).resolves.toBe(0);
    // The focus stays in the list, on the next task's button, not lost to the page.
    await expect(activeId(staff)).resolves.toMatch(/^claim-/);
    await expect(staff.locator('#nav-inbox').textContent()).resolves.toBe(`Aufgaben (${mine + 1})`);

    await tabTo(staff, 'view-mine', 'Shift+Tab');
    await staff.keyboard.press('Enter');
    await staff.locator('#view-mine[aria-current="page"]').waitFor();
    await staff.locator('main:not([aria-busy])').waitFor();
    const claimed = row(staff, claimTaskId);
    await expect(claimed.textContent()).resolves.toContain('in Bearbeitung');
    await expect(claimed.textContent()).resolves.toContain('Sven Sachbearbeitung');
  }, 30_000);

  it('when staff opens the task and completes it with its form, then the page shows it done with its result', async () => {
    await row(staff, claimTaskId).getByRole('link', { name: claimTitle, exact: true }).click();
    await waitForPage(staff, claimTitle);
    await expectAccessible(staff, 'task page, claimed');

    await staff.getByRole('button', { name: 'Erledigen', exact: true }).click();
    const notesError = staff.locator('#action-complete-notes-error');
    await notesError.waitFor({ state: 'visible' });
    await expect(notesError.textContent()).resolves.toBe('Dieses Feld darf nicht leer sein.');
    await expect(staff.locator('#action-complete-actors-error').textContent()).resolves.toBe('Bitte geben Sie mindestens einen Eintrag an.');
    await expect(activeId(staff)).resolves.toBe('action-complete-notes');
    await expectAccessible(staff, 'task page, completion form with field errors');

    await staff.getByLabel('Ergebnis der Beteiligung').fill('Alle Schulträger unterstützen den Auftrag.');
    await staff.getByLabel('Beteiligte Akteure').fill('Schulamt\nIHK');
    await staff.getByRole('button', { name: 'Erledigen', exact: true }).click();
    await staff.locator('p.lead .task-status', { hasText: 'erledigt' }).waitFor();
    await expect(staff.locator('#output').textContent()).resolves.toContain('IHK');
    await expect(staff.locator('#history').textContent()).resolves.toContain('Erledigt');
    await expect(staff.locator('#actions').textContent()).resolves.toContain('nichts zu tun');
    await expect(staff.locator('#notice').textContent()).resolves.toBe('„Erledigen“ wurde ausgeführt.');
    await expectAccessible(staff, 'task page, done');

    await staff.getByRole('link', { name: 'Zurück zu den Aufgaben' }).click();
    await waitForPage(staff, /^Aufgaben – /);
    // The archive is counted only when it is the view asked for.
    await staff.locator('#view-done').click();
    await staff.locator('#view-done[aria-current="page"]').waitFor();
    await expect(row(staff, claimTaskId).textContent()).resolves.toContain('erledigt');
    await expect(staff.locator('#view-done').textContent()).resolves.toBe('Erledigt (1)');
  }, 30_000);

  it('when staff comments with a mention and attaches files on the task, then both are listed and a bad file is refused in German', async () => {
    await staff.goto(`${stack.baseUrl}/#/regions/demo/tasks/${claimTaskId}`);
    await waitForPage(staff, claimTitle);
    await staff.locator('#comment-text').waitFor();
    await staff.getByLabel('Ihr Kommentar').fill('Protokoll liegt bei.');
    await staff.getByLabel('Lena Leitung').check();
    await staff.getByRole('button', { name: 'Kommentar speichern' }).click();
    await staff.getByText('Ihr Kommentar wurde gespeichert.').waitFor();
    await expect(staff.locator('#comments ol').textContent()).resolves.toContain('Erwähnt: Lena Leitung');

    await staff.setInputFiles('#attachment-file', { name: 'seite.html', mimeType: 'text/html', buffer: Buffer.from('<p>hallo</p>') });
    await staff.getByRole('button', { name: 'Datei hochladen' }).click();
    const fileError = staff.locator('#attachment-file-error');
    await fileError.waitFor({ state: 'visible' });
    await expect(fileError.textContent()).resolves.toMatch(
      /^Die Datei „seite\.html“ kann nicht angehängt werden: Dateien dieser Art sind nicht erlaubt\. Erlaubt sind: .*PDF/,
    );
    await expect(activeId(staff)).resolves.toBe('attachment-file');
    await expect(staff.locator('#attachment-file').getAttribute('aria-describedby')).resolves.toBe('attachment-file-error');

    await staff.setInputFiles('#attachment-file', { name: 'Protokoll Übergänge.txt', mimeType: 'text/plain', buffer: Buffer.from('Sitzung am Montag') });
    await staff.getByRole('button', { name: 'Datei hochladen' }).click();
    await staff.locator('#attachments').getByRole('link', { name: 'Protokoll Übergänge.txt' }).waitFor();
    await expect(fileError.isHidden()).resolves.toBe(true);
    await expectAccessible(staff, 'task page, comment and attachment');
    await staff
      .locator('#attachments')
      .getByRole('button', { name: /^Löschen/ })
      .click();
    await staff.getByText('„Protokoll Übergänge.txt“ wurde gelöscht.').waitFor();
    await expect(staff.locator('#attachments').textContent()).resolves.toContain('Noch keine Anhänge.');
  }, 30_000);

  it('when a colleague claims a task first, then the list and the task page say so and show the current state', async () => {
    await staff.goto(`${stack.baseUrl}/#/regions/demo/inbox?view=role&q=${run}`);
    await waitForPage(staff, /^Aufgaben – /);
    await row(staff, raceTaskIds[0]!).waitFor();
    await u.staff2.post(`/api/regions/demo/tasks/${raceTaskIds[0]}/actions/claim`, {});
    await staff.locator(`#claim-${raceTaskIds[0]}`).click();
    await staff.getByText(`${raceTitles[0]}: Jemand anderes hat die Aufgabe bereits übernommen.`).waitFor();
    await expect(row(staff, raceTaskIds[0]!).count()).resolves.toBe(0);

    await staff.goto(`${stack.baseUrl}/#/regions/demo/tasks/${raceTaskIds[1]}`);
    await waitForPage(staff, raceTitles[1]!);
    await u.staff2.post(`/api/regions/demo/tasks/${raceTaskIds[1]}/actions/claim`, {});
    await staff.getByRole('button', { name: 'Übernehmen', exact: true }).click();
    await staff.getByText('Die Aufgabe wurde inzwischen geändert (Status: in Bearbeitung). Die Seite zeigt den aktuellen Stand.').waitFor();
    await expect(staff.locator('#overview').textContent()).resolves.toContain('Svenja Sachbearbeitung');
    await expect(staff.getByRole('button', { name: 'Übernehmen', exact: true }).count()).resolves.toBe(0);
  }, 30_000);

  it('when the lead selects two tasks and assigns them to a colleague, then each result is listed and the rows show her', async () => {
    const lead = await (await browser.newContext()).newPage();
    await signIn(lead, 'lead@demo.test', `#/regions/demo/inbox?view=all&q=${run}`);
    await waitForPage(lead, /^Aufgaben – /);
    await expect(lead.locator('#view-all').getAttribute('aria-current')).resolves.toBe('page');
    for (const title of bulkTitles) await lead.getByLabel(`„${title}“ auswählen`).check();
    await expect(lead.locator('#bulk-count').textContent()).resolves.toBe('2 Aufgaben ausgewählt');
    await lead.getByLabel('Zuweisen an').selectOption({ label: 'Svenja Sachbearbeitung' });
    await lead.getByRole('button', { name: 'Auswahl zuweisen' }).click();

    const results = lead.locator('#bulk-results');
    await results.waitFor();
    await expect(results.locator('li').allTextContents()).resolves.toEqual(
      expect.arrayContaining(bulkTitles.map((title) => `${title}: zugewiesen an Svenja Sachbearbeitung`)),
    );
    await expect(activeId(lead)).resolves.toBe('bulk-results-heading');
    for (const id of bulkTaskIds) await expect(row(lead, id).textContent()).resolves.toContain('Svenja Sachbearbeitung');
    await expectAccessible(lead, 'inbox, lead, bulk results');
    await lead.context().close();
  }, 30_000);

  it('when staff opens the notifications, then the assignments are listed in words and can be marked read', async () => {
    await eventually(async () => (await u.staff.get('/api/me/notifications')).body.total >= 2, 'the assignment notifications');
    await staff.getByRole('link', { name: /^Benachrichtigungen/ }).click();
    await waitForPage(staff, 'Benachrichtigungen');
    await expect(staff.locator('main').textContent()).resolves.toContain(`Ihnen wurde die Aufgabe „${bulkTitles[0]}“ zugewiesen.`);
    await expectAccessible(staff, 'notifications');
    const unread = Number(/^(\d+)/.exec((await staff.locator('#unread-count').textContent()) ?? '')?.[1]);
    await staff
      .getByRole('button', { name: /^Als gelesen markieren/ })
      .first()
      .click();
    await staff.getByText('Die Benachrichtigung ist als gelesen markiert.').waitFor();
    await expect(staff.locator('#unread-count').textContent()).resolves.toMatch(new RegExp(`^${unread - 1} ungelesene`));
    await expect(staff.locator('#nav-notifications').textContent()).resolves.toBe(`Benachrichtigungen (${unread - 1})`);
  }, 30_000);

  it('when staff records an absence with a substitute, then it is listed and can be deleted', async () => {
    await staff.getByRole('link', { name: 'Abwesenheiten', exact: true }).click();
    await waitForPage(staff, /^Abwesenheiten – /);
    await expectAccessible(staff, 'absences, empty');
    await staff.getByLabel('Von', { exact: true }).fill(berlinDate(30));
    await staff.getByLabel('Bis einschließlich').fill(berlinDate(29));
    await staff.getByLabel('Vertretung').selectOption({ label: 'Svenja Sachbearbeitung' });
    await staff.getByRole('button', { name: 'Abwesenheit eintragen' }).click();
    await staff.locator('#absence-until-error').waitFor({ state: 'visible' });
    await expect(staff.locator('#absence-until-error').textContent()).resolves.toBe('Das Ende darf nicht vor dem Beginn liegen.');
    await expectAccessible(staff, 'absences, form with field error');

    await staff.getByLabel('Bis einschließlich').fill(berlinDate(40));
    await staff.getByRole('button', { name: 'Abwesenheit eintragen' }).click();
    await staff.getByText('Die Abwesenheit wurde eingetragen.').waitFor();
    await expect(staff.locator('#absences tbody').textContent()).resolves.toContain('Svenja Sachbearbeitung');
    await expectAccessible(staff, 'absences, one recorded');
    await staff
      .locator('#absences tbody')
      .getByRole('button', { name: /^Löschen/ })
      .click();
    await staff.getByText('Die Abwesenheit von Sven Sachbearbeitung wurde gelöscht.').waitFor();
    await expect(staff.locator('#absences').textContent()).resolves.toContain('Keine Abwesenheiten eingetragen.');
  }, 30_000);

  it('when staff changes the email setting, then it is saved', async () => {
    await staff.getByRole('link', { name: 'Einstellungen', exact: true }).click();
    await waitForPage(staff, 'Einstellungen');
    await expectAccessible(staff, 'settings');
    await staff.getByLabel('einmal täglich als Zusammenfassung').check();
    await staff.getByRole('button', { name: 'Einstellungen speichern' }).click();
    await staff.getByText('Ihre Einstellungen wurden gespeichert.').waitFor();
    await expect(u.staff.get('/api/me/notification-preferences').then((reply) => reply.body.email)).resolves.toBe('digest');
  }, 30_000);

  it('when the language is switched to English, then inbox, task, notifications, absences and settings speak English and pass axe', async () => {
    await staff.getByRole('button', { name: 'English' }).click();
    await waitForPage(staff, 'Settings');
    await expectAccessible(staff, 'settings, English');

    await staff.getByRole('link', { name: /^Tasks \(\d+\)$/ }).click();
    await waitForPage(staff, /^Tasks – /);
    await expect(staff.locator('#view-role').textContent()).resolves.toMatch(/^To claim \(\d+\)$/);
    await expectAccessible(staff, 'inbox, English');

    await staff.goto(`${stack.baseUrl}/#/regions/demo/tasks/${claimTaskId}`);
    await waitForPage(staff, claimTitle);
    await expect(staff.locator('p.lead .task-status').textContent()).resolves.toBe('done');
    await expectAccessible(staff, 'task page, English');

    await staff.getByRole('link', { name: /^Notifications/ }).click();
    await waitForPage(staff, 'Notifications');
    await expect(staff.locator('main').textContent()).resolves.toContain(`You have been assigned the task “${bulkTitles[1]}”.`);
    await expectAccessible(staff, 'notifications, English');

    await staff.getByRole('link', { name: 'Absences', exact: true }).click();
    await waitForPage(staff, /^Absences – /);
    await expectAccessible(staff, 'absences, English');

    await staff.getByRole('button', { name: 'Deutsch' }).click();
    await waitForPage(staff, /^Abwesenheiten – /);
  }, 30_000);
});
