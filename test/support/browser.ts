import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium, headless and without any network of its own. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * axe-core's source, evaluated in the page rather than added with
 * `addScriptTag`: that inserts an inline script, which the API's
 * Content-Security-Policy (`script-src 'self'`) rightly blocks, and the test
 * should run the UI under the policy it has in production.
 */
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe on the page as it is now and fails with the rule ids and elements it names. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(() =>
    (window as unknown as { axe: typeof import('axe-core') }).axe
      .run()
      .then((result) => result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)),
  );
  expect({ page: name, violations }).toEqual({ page: name, violations: [] });
}

/** Waits until the page shows `heading` as its h1 and has finished loading. */
export async function waitForPage(page: Page, heading: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('main:not([aria-busy])').waitFor();
}

/** Logs in through the login page (demo password), starting at `hash`. */
export async function signIn(page: Page, baseUrl: string, email: string, hash = ''): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await waitForPage(page, 'Anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill('demo');
  await page.getByRole('button', { name: 'Anmelden' }).click();
}

export const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Presses Tab (or Shift+Tab) until the element with `id` has the focus, as a keyboard user would; at most `maxPresses` times. */
export async function tabTo(page: Page, id: string, key: 'Tab' | 'Shift+Tab' = 'Tab', maxPresses = 120): Promise<void> {
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press(key);
    if ((await activeId(page)) === id) return;
  }
  throw new Error(`#${id} never got the focus`);
}
