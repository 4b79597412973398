import { h } from './dom.js';
import { t } from './i18n/index.js';
import { isOffice, isOnlyDataProvider } from './monitoring-labels.js';
import { office } from './office-api.js';

/**
 * The header's links for signed-in users: mandates, tasks with the number of
 * the user's own open tasks, indicators, data requests (the office's), absences,
 * notifications with the number of unread ones, settings. A data provider's
 * only page in the region is their data requests, so that is their only
 * region link. The numbers are part of the link text ("Aufgaben (3)"), not a
 * badge only some can see; they are fetched again every 30 seconds while the
 * page is visible, and at once when a page calls `refreshNav`.
 */

const REFRESH_MS = 30_000;
/** A new page fetches the numbers only when they are older than this. */
const STALE_MS = 10_000;
/** Roles that see the board's votes ("Gremium"). */
const BOARD_ROLES = ['board_member', 'board_chair', 'office_lead', 'manager', 'admin'];

/** @type {{tasks: number | null, unread: number | null}} */
const counts = { tasks: null, unread: null };
let regionId = /** @type {string | null} */ (null);
/** The user's roles in `regionId`, from the session. @type {string[]} */
let roles = [];
let path = '/';
let signedIn = false;
let fetchedAt = 0;
let timer = /** @type {ReturnType<typeof setInterval> | null} */ (null);

/**
 * Draws the links for the page at `currentPath`. The region is the one in
 * the address, else the last one visited, else the user's first.
 *
 * @param {{user: any}} session @param {string} currentPath
 */
export function renderNav(session, currentPath) {
  signedIn = Boolean(session.user);
  path = currentPath;
  const match = /^\/regions\/([^/]+)/.exec(currentPath);
  if (match?.[1]) regionId = decodeURIComponent(match[1]);
  else if (!regionId) regionId = session.user?.memberships?.[0]?.regionId ?? null;
  roles = session.user?.memberships?.find((/** @type {{regionId: string}} */ membership) => membership.regionId === regionId)?.roles ?? [];
  draw();
  if (!signedIn) return;
  if (Date.now() - fetchedAt > STALE_MS) void refreshNav();
  if (!timer) {
    timer = setInterval(() => {
      if (signedIn && document.visibilityState === 'visible') void refreshNav();
    }, REFRESH_MS);
    document.addEventListener('visibilitychange', () => {
      if (signedIn && document.visibilityState === 'visible') void refreshNav();
    });
  }
}

/** Fetches both numbers again (after the user acted on a task or a notification). */
export async function refreshNav() {
  if (!signedIn) return;
  fetchedAt = Date.now();
  const region = regionId;
  const [inbox, unread] = await Promise.all([
    // A data provider has no inbox.
    region && !isOnlyDataProvider(roles) ? office.inbox(region, { view: 'mine', page: 1, pageSize: 1 }).catch(() => null) : null,
    office.unreadCount().catch(() => null),
  ]);
  if (region === regionId) counts.tasks = inbox?.counts?.mine ?? null;
  counts.unread = unread?.unread ?? null;
  draw();
}

/** The inbox has the number at hand; no need to ask again. @param {number | null | undefined} mine */
export function setTaskCount(mine) {
  if (typeof mine !== 'number' || mine === counts.tasks) return;
  counts.tasks = mine;
  draw();
}

/** The notifications page knows the unread number after marking. @param {number | undefined} unread */
export function setUnreadCount(unread) {
  if (typeof unread !== 'number' || unread === counts.unread) return;
  counts.unread = unread;
  draw();
}

function draw() {
  const list = document.getElementById('nav-links');
  if (!list) return;
  if (!signedIn) return void list.replaceChildren();
  const region = regionId ? `#/regions/${encodeURIComponent(regionId)}` : null;
  const provider = isOnlyDataProvider(roles);
  const member = region && !provider;
  /** @type {Array<[string, string] | null>} */
  const links = [
    member ? [`${region}/mandates`, t('nav.mandates')] : null,
    member ? [`${region}/inbox`, counts.tasks === null ? t('nav.tasks') : t('nav.tasksCount', { count: counts.tasks })] : null,
    member ? [`${region}/indicators`, t('nav.indicators')] : null,
    region && (provider || isOffice(roles)) ? [`${region}/data-requests`, t('nav.dataRequests')] : null,
    region && roles.some((role) => BOARD_ROLES.includes(role)) ? [`${region}/board`, t('board.nav')] : null,
    member ? [`${region}/meetings`, t('meeting.nav')] : null,
    member ? [`${region}/decisions`, t('decision.nav')] : null,
    member ? [`${region}/absences`, t('nav.absences')] : null,
    ['#/notifications', counts.unread === null ? t('nav.notifications') : t('nav.notificationsCount', { count: counts.unread })],
    ['#/settings', t('nav.settings')],
  ];
  const focusedId = document.activeElement?.id;
  list.replaceChildren(
    ...links
      .filter((link) => link !== null)
      .map(([href, text]) => {
        const base = href.slice(1);
        // A mandate's page lies within "Mandate", a task's page within "Aufgaben",
        // an indicator's page and an import within "Indikatoren", a request's within "Datenanfragen",
        // a meeting's within "Sitzungen", a decision's within "Beschlüsse".
        const within =
          base.endsWith('/mandates') ||
          base.endsWith('/indicators') ||
          base.endsWith('/data-requests') ||
          base.endsWith('/meetings') ||
          base.endsWith('/decisions')
            ? path.startsWith(`${base}/`) || (base.endsWith('/indicators') && path.startsWith(base.replace(/indicators$/, 'imports/')))
            : base.endsWith('/inbox') && path.startsWith(base.replace(/inbox$/, 'tasks/'));
        // A vote's page (and opening one) lies within "Gremium".
        const inBoard = base.endsWith('/board') && path.startsWith(base.replace(/board$/, 'votes/'));
        const current = path === base ? 'page' : within || inBoard ? 'true' : null;
        return h('li', {}, h('a', { id: `nav-${base.split('/').pop()}`, href, 'aria-current': current }, text));
      }),
  );
  // Redrawing must not take the focus away from a header link.
  if (focusedId?.startsWith('nav-')) document.getElementById(focusedId)?.focus();
}
