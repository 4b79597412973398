import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { t, tCount } from '../i18n/index.js';
import { setTaskCount } from '../nav.js';
import { office } from '../office-api.js';
import {
  dueNode,
  hidden,
  inboxHash,
  mandateHash,
  priorityNode,
  problemText,
  responsibleText,
  rolesIn,
  statusBadge,
  taskHash,
  typeLabel,
  withQuery,
} from '../task-labels.js';
import { bulkToolbar, updateSelectionCount } from './inbox-bulk.js';
import { filterForm, SORTS, VIEWS, viewTabs } from './inbox-filters.js';
import { savedFiltersSection } from './saved-filters.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../office-api.js').Task} Task */
/** @typedef {import('../office-api.js').Inbox} Inbox */

const PAGE_SIZE = 20;
/** How often the counts are fetched again while the page is in view. */
const REFRESH_MS = 30_000;

/**
 * The office's inbox: views with their counts, filters, saved filters, one
 * row per task with its actions as buttons, and bulk claim/assign. An action
 * redraws the list and counts from a fresh fetch at once, without a reload.
 */
export async function inboxView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const roles = rolesIn(ctx.session, regionId);
  const mayViewAll = roles.some((role) => ['office_lead', 'manager', 'admin'].includes(role));
  const query = {
    view: [...VIEWS, 'all'].includes(ctx.query.get('view') ?? '') ? /** @type {string} */ (ctx.query.get('view')) : 'mine',
    mandateId: ctx.query.get('mandateId') ?? '',
    type: ctx.query.get('type') ?? '',
    q: ctx.query.get('q') ?? '',
    sort: SORTS.includes(ctx.query.get('sort') ?? '') ? /** @type {string} */ (ctx.query.get('sort')) : '',
  };
  const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '1', 10) || 1);
  const listQuery = () => ({ ...query, page, pageSize: PAGE_SIZE });

  const [regions, first, mandates, saved] = await Promise.all([
    api.regions(ctx.signal),
    office.inbox(regionId, listQuery(), ctx.signal),
    // The filter's choices; the inbox works without them.
    api.mandates(regionId, { page: 1, pageSize: 100 }, ctx.signal).catch(() => ({ items: [] })),
    office.savedFilters(regionId, ctx.signal).catch(() => null),
  ]);
  let inbox = first;
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  const members = inbox.items.some((task) => task.allowedActions.includes('assign'))
    ? (await office.members(regionId, 'office_staff', ctx.signal).catch(() => ({ items: [] }))).items
    : [];
  const hash = inboxHash(regionId);
  const userId = ctx.session.user?.id ?? '';

  const tabs = h('div', {});
  const results = h('div', { onchange: updateSelectionCount });

  /** Draws views and rows from `inbox`; `selected` survives only for rows still shown. */
  function draw() {
    setTaskCount(inbox.counts.mine);
    tabs.replaceChildren(viewTabs(hash, query, inbox.counts, mayViewAll));
    const pages = Math.max(1, Math.ceil(inbox.total / inbox.pageSize));
    results.replaceChildren(
      h('p', { id: 'inbox-total', class: 'total', tabindex: '-1' }, tCount('inbox.total', inbox.total)),
      bulkToolbar({ regionId, items: inbox.items, members, announce: ctx.announce, after: refreshAfterBulk }) ?? '',
      inbox.items.length === 0 ? h('p', {}, t('inbox.empty')) : taskTable(inbox.items, regionId, userId, t(`inbox.view.${query.view}`), inbox.page, pages, act),
      pagination(hash, query, inbox.page, pages) ?? '',
    );
  }

  /** Fetches list and counts again and redraws; used after every action. */
  async function reload() {
    inbox = await office.inbox(regionId, listQuery(), ctx.signal);
    draw();
  }

  /** After a bulk action: redraw, then show the per-item results where the toolbar is. @param {Node} report */
  async function refreshAfterBulk(report) {
    await reload();
    const toolbar = results.querySelector('#bulk');
    toolbar?.after(report);
    /** @type {HTMLElement | null} */ (report instanceof HTMLElement ? report.querySelector('h2') : null)?.focus();
  }

  /**
   * Claim or hand back one task. The focus stays on the same button if its
   * row is still there, else moves to the row that took its place, so a run
   * of claims needs no searching.
   *
   * @param {Task} task @param {'claim' | 'unclaim'} action @param {HTMLButtonElement} button
   */
  async function act(task, action, button) {
    const row = button.closest('tr');
    const index = row ? [...(row.parentElement?.children ?? [])].indexOf(row) : -1;
    button.disabled = true;
    try {
      await office.taskAction(regionId, task.id, action, {});
      await reload();
      ctx.announce(t(`inbox.done.${action}`, { title: task.title }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      await reload();
      ctx.announce(`${task.title}: ${problemText(error.problem, error.status)}`);
    }
    const same = document.getElementById(button.id);
    const rows = results.querySelectorAll('tbody tr');
    const next = rows[Math.min(index, rows.length - 1)]?.querySelector('.row-actions button, .row-actions a');
    /** @type {HTMLElement | null} */ (same ?? next ?? results.querySelector('#inbox-total'))?.focus();
  }

  draw();
  if (ctx.samePage) ctx.announce(tCount('inbox.total', inbox.total));

  // The counts follow what others do (a colleague claims, a task falls due)
  // while the page is open; the rows stay put under the user's focus.
  const timer = setInterval(async () => {
    if (document.visibilityState !== 'visible') return;
    try {
      const fresh = await office.inbox(regionId, { ...query, page: 1, pageSize: 1 }, ctx.signal);
      inbox = { ...inbox, counts: fresh.counts };
      setTaskCount(fresh.counts.mine);
      const focusedId = document.activeElement?.id;
      tabs.replaceChildren(viewTabs(hash, query, inbox.counts, mayViewAll));
      if (focusedId && tabs.querySelector(`#${CSS.escape(focusedId)}`)) document.getElementById(focusedId)?.focus();
    } catch {
      // A failed refresh is tried again at the next tick.
    }
  }, REFRESH_MS);
  ctx.signal.addEventListener('abort', () => clearInterval(timer));

  return h(
    'div',
    { class: 'inbox' },
    h('h1', { tabindex: '-1' }, t('inbox.title', { region: region?.name ?? regionId })),
    h('p', {}, h('a', { href: `#/regions/${encodeURIComponent(regionId)}/absences` }, t('inbox.absences'))),
    tabs,
    filterForm(ctx, hash, query, mandates.items),
    results,
    saved ? savedFiltersSection({ regionId, hash, query, items: saved.items, announce: ctx.announce }) : null,
  );
}

/**
 * @param {Task[]} items @param {string} regionId @param {string} userId @param {string} viewName
 * @param {number} page @param {number} pages
 * @param {(task: Task, action: 'claim' | 'unclaim', button: HTMLButtonElement) => Promise<void>} act
 */
function taskTable(items, regionId, userId, viewName, page, pages, act) {
  const selectable = (/** @type {Task} */ task) => task.allowedActions.includes('claim') || task.allowedActions.includes('assign');
  const selectAll = h('input', {
    type: 'checkbox',
    id: 'select-all',
    'aria-label': t('inbox.selectAll'),
    onchange: (/** @type {Event} */ event) => {
      const checked = /** @type {HTMLInputElement} */ (event.target).checked;
      for (const box of document.querySelectorAll('input.select-task')) {
        /** @type {HTMLInputElement} */ (box).checked = checked;
        box.dispatchEvent(new Event('change', { bubbles: true }));
      }
    },
  });
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'tasks' },
      h('caption', {}, t('inbox.caption', { view: viewName, page, pages })),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', class: 'select' }, items.some(selectable) ? selectAll : hidden(t('inbox.col.select'))),
          ['task', 'responsible', 'due', 'priority', 'status', 'actions'].map((column) => h('th', { scope: 'col' }, t(`inbox.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((task) => taskRow(task, regionId, userId, selectable(task), act)),
      ),
    ),
  );
}

/**
 * @param {Task} task @param {string} regionId @param {string} userId @param {boolean} selectable
 * @param {(task: Task, action: 'claim' | 'unclaim', button: HTMLButtonElement) => Promise<void>} act
 */
function taskRow(task, regionId, userId, selectable, act) {
  const rowButton = (/** @type {'claim' | 'unclaim'} */ action) => {
    const button = h(
      'button',
      { type: 'button', id: `${action}-${task.id}`, class: 'button small' },
      t(`taskAction.${action}`),
      hidden(` ${t('common.quoted', { text: task.title })}`),
    );
    button.addEventListener('click', () => void act(task, action, button));
    return button;
  };
  const link = (/** @type {string} */ key) =>
    h('a', { class: 'button small secondary', href: taskHash(regionId, task.id) }, t(key), hidden(` ${t('common.quoted', { text: task.title })}`));
  return h(
    'tr',
    { 'data-task-id': task.id },
    h(
      'td',
      { class: 'select' },
      selectable
        ? h('input', {
            type: 'checkbox',
            class: 'select-task',
            id: `select-${task.id}`,
            value: task.id,
            'aria-label': t('inbox.select', { title: task.title }),
          })
        : null,
    ),
    h(
      'th',
      { scope: 'row', class: 'text title' },
      h('a', { href: taskHash(regionId, task.id) }, task.title),
      h(
        'span',
        { class: 'meta block' },
        typeLabel(task.type),
        task.mandateId ? [' · ', h('a', { href: mandateHash(regionId, task.mandateId) }, task.mandateTitle ?? task.mandateId)] : null,
      ),
    ),
    h('td', { class: 'text' }, responsibleText(task, userId)),
    h('td', {}, dueNode(task)),
    h('td', {}, priorityNode(task.priority)),
    h('td', {}, statusBadge(task.status)),
    h(
      'td',
      {},
      h(
        'div',
        { class: 'row-actions' },
        task.allowedActions.includes('claim') ? rowButton('claim') : null,
        task.allowedActions.includes('complete') ? link('inbox.complete') : null,
        task.allowedActions.includes('approve') ? link('inbox.review') : null,
        task.allowedActions.includes('unclaim') ? rowButton('unclaim') : null,
      ),
    ),
  );
}

/**
 * @param {string} hash @param {Record<string, string>} query @param {number} page @param {number} pages
 */
function pagination(hash, query, page, pages) {
  if (pages <= 1) return null;
  const link = (/** @type {string} */ id, /** @type {number} */ target, /** @type {string} */ label) =>
    h('li', {}, h('a', { id, href: withQuery(hash, { ...query, page: target > 1 ? String(target) : '' }) }, label));
  return h(
    'nav',
    { 'aria-label': t('pagination.label'), class: 'pagination' },
    h(
      'ul',
      {},
      page > 1 ? link('page-previous', page - 1, t('pagination.previous')) : null,
      h('li', { 'aria-current': 'page' }, t('pagination.status', { page, pages })),
      page < pages ? link('page-next', page + 1, t('pagination.next')) : null,
    ),
  );
}
