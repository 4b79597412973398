import { api, ApiError, NetworkError, setUnauthorizedHandler } from './api.js';
import { h } from './dom.js';
import { getLocale, has, setLocale, t } from './i18n/index.js';
import { renderNav } from './nav.js';
import { loginView } from './views/login.js';
import { mandateDetailView } from './views/mandate-detail.js';
import { mandateListView } from './views/mandate-list.js';
import { regionsView } from './views/regions.js';
import { absencesView } from './views/absences.js';
import { inboxView } from './views/inbox.js';
import { notificationsView } from './views/notifications.js';
import { settingsView } from './views/settings.js';
import { taskDetailView } from './views/task-detail.js';
import { dataRequestView } from './views/data-request.js';
import { dataRequestsView } from './views/data-requests.js';
import { dossierView } from './views/dossier.js';
import { monitoringCatalogueView } from './views/monitoring-catalogue.js';
import { monitoringImportView } from './views/monitoring-import.js';
import { monitoringIndicatorView } from './views/monitoring-indicator.js';
import { meetingListView } from './views/meeting-list.js';
import { meetingDetailView } from './views/meeting-detail.js';
import { decisionListView } from './views/decision-list.js';
import { decisionDetailView } from './views/decision-detail.js';
import { boardHomeView } from './views/board-home.js';
import { boardOpenVoteView } from './views/board-open-vote.js';
import { boardVoteView } from './views/board-vote.js';

/**
 * What a view gets from the router. A view returns the page's content (with
 * exactly one h1), or `null` after `redirect`.
 *
 * @typedef {{
 *   params: Record<string, string>,
 *   query: URLSearchParams,
 *   signal: AbortSignal,
 *   samePage: boolean,
 *   session: {user: {id: string, name: string} | null},
 *   navigate: (hash: string, options?: {notice?: string}) => void,
 *   redirect: (hash: string) => null,
 *   announce: (message: string) => void,
 *   focusHeading: () => void,
 * }} ViewContext
 * @typedef {(ctx: ViewContext) => Promise<Node | null> | Node | null} View
 */

/** @type {Array<{pattern: RegExp, params: string[], view: View, public?: boolean}>} */
const routes = [
  { pattern: /^\/login$/, params: [], view: loginView, public: true },
  { pattern: /^\/regions$/, params: [], view: regionsView },
  { pattern: /^\/regions\/([^/]+)\/mandates$/, params: ['regionId'], view: mandateListView },
  { pattern: /^\/regions\/([^/]+)\/mandates\/([^/]+)$/, params: ['regionId', 'mandateId'], view: mandateDetailView },
  { pattern: /^\/regions\/([^/]+)\/inbox$/, params: ['regionId'], view: inboxView },
  { pattern: /^\/regions\/([^/]+)\/tasks\/([^/]+)$/, params: ['regionId', 'taskId'], view: taskDetailView },
  { pattern: /^\/regions\/([^/]+)\/absences$/, params: ['regionId'], view: absencesView },
  { pattern: /^\/regions\/([^/]+)\/mandates\/([^/]+)\/dossier$/, params: ['regionId', 'mandateId'], view: dossierView },
  { pattern: /^\/regions\/([^/]+)\/indicators$/, params: ['regionId'], view: monitoringCatalogueView },
  { pattern: /^\/regions\/([^/]+)\/indicators\/([^/]+)$/, params: ['regionId', 'key'], view: monitoringIndicatorView },
  { pattern: /^\/regions\/([^/]+)\/imports\/new$/, params: ['regionId'], view: monitoringImportView },
  { pattern: /^\/regions\/([^/]+)\/imports\/([^/]+)$/, params: ['regionId', 'importId'], view: monitoringImportView },
  { pattern: /^\/regions\/([^/]+)\/data-requests$/, params: ['regionId'], view: dataRequestsView },
  { pattern: /^\/regions\/([^/]+)\/data-requests\/([^/]+)$/, params: ['regionId', 'taskId'], view: dataRequestView },
  { pattern: /^\/regions\/([^/]+)\/meetings$/, params: ['regionId'], view: meetingListView },
  { pattern: /^\/regions\/([^/]+)\/meetings\/([^/]+)$/, params: ['regionId', 'meetingId'], view: meetingDetailView },
  { pattern: /^\/regions\/([^/]+)\/decisions$/, params: ['regionId'], view: decisionListView },
  { pattern: /^\/regions\/([^/]+)\/decisions\/([^/]+)$/, params: ['regionId', 'decisionId'], view: decisionDetailView },
  { pattern: /^\/regions\/([^/]+)\/board$/, params: ['regionId'], view: boardHomeView },
  // Before the vote's own route, which would take "new" for an id.
  { pattern: /^\/regions\/([^/]+)\/votes\/new$/, params: ['regionId'], view: boardOpenVoteView },
  { pattern: /^\/regions\/([^/]+)\/votes\/([^/]+)$/, params: ['regionId', 'voteId'], view: boardVoteView },
  { pattern: /^\/notifications$/, params: [], view: notificationsView },
  { pattern: /^\/settings$/, params: [], view: settingsView },
];

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const viewRoot = /** @type {HTMLElement} */ (document.getElementById('view'));
const notice = /** @type {HTMLElement} */ (document.getElementById('notice'));
const loading = /** @type {HTMLElement} */ (document.getElementById('loading'));

/** @type {{user: {id: string, name: string} | null}} */
const session = { user: null };
/** The page on screen: its path (without query) and the way to cancel its requests. */
let current = /** @type {{path: string, controller: AbortController} | null} */ (null);
/** A message to show once the next page has rendered (e.g. "Mandate created"). */
let pendingNotice = /** @type {string | null} */ (null);
/** Whether a page has been shown yet; redirects before the first one do not count. */
let shownFirstPage = false;

function parseHash() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(1) : '/';
  const [path = '/', search = ''] = hash.split('?');
  return { path, query: new URLSearchParams(search) };
}

/** @param {string} hash @param {{notice?: string}} [options] */
function navigate(hash, { notice: message } = {}) {
  pendingNotice = message ?? null;
  if (location.hash === hash) void render();
  else location.hash = hash;
}

/** @param {string} message */
function announce(message) {
  notice.textContent = message;
}

function focusHeading() {
  viewRoot.querySelector('h1')?.focus();
}

async function render() {
  renderChrome();
  const { path, query } = parseHash();
  if (path === '/') return void location.replace(session.user ? '#/regions' : '#/login');
  const samePage = current?.path === path;
  current?.controller.abort();
  const controller = new AbortController();
  current = { path, controller };
  const focusedId = samePage && document.activeElement?.id ? document.activeElement.id : null;
  if (!samePage) notice.textContent = '';

  const route = routes.find((candidate) => candidate.pattern.test(path));
  if (route && !route.public && !session.user) {
    return void location.replace(`#/login?next=${encodeURIComponent(location.hash)}`);
  }
  // Only slow pages show the loading note; a flash on every click is noise.
  const loadingTimer = setTimeout(() => (loading.hidden = false), 300);
  main.setAttribute('aria-busy', 'true');
  /** @type {Node | null} */
  let content;
  try {
    content = route ? await route.view(context(route, path, query, controller.signal, samePage)) : notFound();
  } catch (error) {
    // A 401 has already sent the browser to the sign-in page.
    if (controller.signal.aborted || (error instanceof ApiError && error.status === 401)) return;
    content = errorPage(error);
  } finally {
    clearTimeout(loadingTimer);
  }
  if (controller.signal.aborted || content === null) return;
  loading.hidden = true;
  main.removeAttribute('aria-busy');
  viewRoot.replaceChildren(content);
  document.title = t('app.title', { page: viewRoot.querySelector('h1')?.textContent ?? '' });
  if (pendingNotice) announce(pendingNotice);
  pendingNotice = null;
  placeFocus(focusedId);
  shownFirstPage = true;
}

/**
 * After a new page the focus goes to its heading, so keyboard and screen
 * reader users start reading there; on the first page the browser's own start
 * (the skip link) is kept. On the same page (filter, paging, language) the
 * focus stays on the control that was used, when it still exists.
 *
 * @param {string | null} focusedId
 */
function placeFocus(focusedId) {
  const previous = focusedId ? document.getElementById(focusedId) : null;
  if (previous) previous.focus();
  else if (shownFirstPage) focusHeading();
}

/**
 * @param {(typeof routes)[number]} route @param {string} path @param {URLSearchParams} query
 * @param {AbortSignal} signal @param {boolean} samePage
 * @returns {ViewContext}
 */
function context(route, path, query, signal, samePage) {
  const values = route.pattern.exec(path)?.slice(1).map(decodeURIComponent) ?? [];
  return {
    params: Object.fromEntries(route.params.map((name, index) => [name, values[index] ?? ''])),
    query,
    signal,
    samePage,
    session,
    navigate,
    redirect(hash) {
      location.replace(hash);
      return null;
    },
    announce,
    focusHeading,
  };
}

function notFound() {
  return h('div', {}, h('h1', { tabindex: '-1' }, t('error.notFound')), h('p', {}, t('error.notFoundText')));
}

/**
 * A page for a failed load. It speaks the user's language: the API's detail
 * is written for developers, and a page that failed to load has no form to
 * explain.
 *
 * @param {unknown} error
 */
function errorPage(error) {
  let message = t('error.status.500');
  if (error instanceof NetworkError) message = t('error.network');
  else if (error instanceof ApiError && has(`error.status.${error.status}`)) message = t(`error.status.${error.status}`);
  else if (!(error instanceof ApiError)) console.error(error);
  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('error.title')),
    h('p', { role: 'alert' }, message),
    h('p', {}, h('a', { href: '#/regions' }, t('error.toRegions'))),
  );
}

/** Texts of the static page frame (index.html), and the parts that depend on the session. */
function renderChrome() {
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(/** @type {string} */ (element.getAttribute('data-i18n')));
  }
  for (const element of document.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(/** @type {string} */ (element.getAttribute('data-i18n-label'))));
  }
  const languageButton = /** @type {HTMLElement} */ (document.getElementById('language'));
  // The button names the other language in that language (WCAG 3.1.2).
  languageButton.lang = t('lang.switchTo');
  for (const element of document.querySelectorAll('[data-signed-in]')) {
    /** @type {HTMLElement} */ (element).hidden = !session.user;
  }
  /** @type {HTMLElement} */ (document.getElementById('user-name')).textContent = session.user ? t('nav.signedInAs', { name: session.user.name }) : '';
  renderNav(session, parseHash().path);
}

function wireChrome() {
  document.getElementById('skip-link')?.addEventListener('click', (event) => {
    // The hash belongs to the router, so the skip link moves focus itself.
    event.preventDefault();
    main.focus();
  });
  document.getElementById('language')?.addEventListener('click', () => {
    setLocale(getLocale() === 'de' ? 'en' : 'de');
    void render();
  });
  document.getElementById('logout')?.addEventListener('click', async () => {
    try {
      await api.logout();
    } catch (error) {
      // 401: the session had already ended, which is what the user wanted.
      if (!(error instanceof ApiError && error.status === 401)) return announce(t('error.network'));
    }
    session.user = null;
    navigate('#/login', { notice: t('login.loggedOut') });
  });
}

setUnauthorizedHandler(() => {
  session.user = null;
  pendingNotice = t('login.expired');
  location.replace(`#/login?next=${encodeURIComponent(location.hash)}`);
});

async function start() {
  document.documentElement.lang = getLocale();
  wireChrome();
  session.user = await api.me().catch(() => null);
  window.addEventListener('hashchange', () => void render());
  await render();
}

void start();
