import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatDate, timeElement } from '../format.js';
import { has, t, tCount } from '../i18n/index.js';
import { setUnreadCount } from '../nav.js';
import { office } from '../office-api.js';
import { hidden, problemText, withQuery } from '../task-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../office-api.js').Notification} Notification */

const PAGE_SIZE = 20;
/** Params that hold a calendar date, shown in German format. */
const DATE_PARAMS = ['dueDate', 'from', 'until'];
/** Defaults for params a message names but an older notification may lack. */
const FALLBACK_PARAMS = { taskTitle: '', actorName: '', substituteFor: '', from: '', until: '', dueDate: '' };

/**
 * The user's notifications, newest first: each says what happened in the
 * user's language (from its kind and params), links to the task or mandate,
 * and can be marked read; all at once too.
 */
export async function notificationsView(/** @type {ViewContext} */ ctx) {
  const unreadOnly = ctx.query.get('unread') === 'true';
  const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '1', 10) || 1);
  const query = () => ({ unread: unreadOnly, page, pageSize: PAGE_SIZE });
  let data = await office.notifications(query(), ctx.signal);

  const status = h('div', {});
  const list = h('div', {});
  const problem = h('p', { class: 'bulk-problem', role: 'alert' });

  function draw() {
    setUnreadCount(data.unread);
    const markAll =
      data.unread > 0
        ? h('button', { type: 'button', id: 'mark-all-read', class: 'button secondary', onclick: () => void markAllRead() }, t('notifications.markAllRead'))
        : null;
    status.replaceChildren(h('p', { id: 'unread-count', tabindex: '-1' }, tCount('notifications.unreadCount', data.unread)), markAll ?? '');
    list.replaceChildren(
      data.items.length === 0
        ? h('p', {}, t(unreadOnly ? 'notifications.emptyUnread' : 'notifications.empty'))
        : h(
            'ul',
            { class: 'notifications' },
            data.items.map((notification) => item(notification, markRead)),
          ),
      pagination(unreadOnly, data.total, page) ?? '',
    );
  }

  /** @param {Notification} notification */
  async function markRead(notification) {
    const index = data.items.findIndex((candidate) => candidate.id === notification.id);
    try {
      await office.markRead(notification.id);
      data = await office.notifications(query(), ctx.signal);
      draw();
      ctx.announce(t('notifications.markedRead'));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problem.textContent = problemText(error.problem, error.status);
    }
    // The link of the same notification, or of the one that took its place in the list of unread ones.
    const links = list.querySelectorAll('a.notification-link');
    const target =
      document.getElementById(`notification-${notification.id}`) ?? links[Math.min(index, links.length - 1)] ?? document.getElementById('unread-count');
    /** @type {HTMLElement | null} */ (target)?.focus();
  }

  async function markAllRead() {
    try {
      await office.markAllRead();
      data = await office.notifications(query(), ctx.signal);
      draw();
      ctx.announce(t('notifications.allMarkedRead'));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problem.textContent = problemText(error.problem, error.status);
    }
    document.getElementById('unread-count')?.focus();
  }

  draw();
  const filterLink = (/** @type {boolean} */ unread) =>
    h(
      'li',
      {},
      h(
        'a',
        {
          id: `show-${unread ? 'unread' : 'all'}`,
          href: unread ? '#/notifications?unread=true' : '#/notifications',
          'aria-current': unread === unreadOnly ? 'page' : null,
        },
        t(unread ? 'notifications.show.unread' : 'notifications.show.all'),
      ),
    );
  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('notifications.title')),
    h('nav', { 'aria-label': t('notifications.show'), class: 'view-tabs' }, h('ul', {}, filterLink(false), filterLink(true))),
    problem,
    status,
    list,
    h('p', {}, h('a', { href: '#/settings' }, t('notifications.settings'))),
  );
}

/**
 * @param {Notification} notification @param {(notification: Notification) => Promise<void>} markRead
 */
function item(notification, markRead) {
  const unread = !notification.readAt;
  const params = notificationParams(notification);
  const text = t(has(`notification.${notification.kind}`) ? `notification.${notification.kind}` : 'notification.other', params);
  // What someone wrote with it: the comment, the reviewer's comment, the note of a handover, the reason for cancelling.
  const quoted = params.commentExcerpt || params.comment || params.note || params.reason;
  const link = notification.link
    ? h(
        'a',
        {
          id: `notification-${notification.id}`,
          class: 'notification-link',
          href: notification.link,
          // Following the link is reading it.
          onclick: () => (unread ? void office.markRead(notification.id).catch(() => undefined) : undefined),
        },
        text,
      )
    : h('span', { id: `notification-${notification.id}`, tabindex: '-1' }, text);
  const markButton = unread
    ? h(
        'button',
        { type: 'button', class: 'button small secondary', id: `mark-read-${notification.id}`, onclick: () => void markRead(notification) },
        t('notifications.markRead'),
        hidden(` ${t('common.quoted', { text })}`),
      )
    : null;
  return h(
    'li',
    { class: unread ? 'notification unread' : 'notification' },
    h('p', {}, unread ? [h('span', { class: 'unread-label' }, t('notifications.unread')), ' '] : null, link),
    quoted ? h('p', { class: 'prewrap' }, t('notification.excerpt', { text: quoted })) : null,
    h(
      'p',
      { class: 'meta' },
      timeElement(notification.createdAt),
      params.actorName && notification.kind !== 'mention' ? [' · ', t('notification.by', { name: params.actorName })] : null,
      // On a task notice, substituteFor names the absent colleague the reader stands in for.
      params.substituteFor && notification.kind !== 'absence-substitute' ? [' · ', t('notification.substituteFor', { name: params.substituteFor })] : null,
      params.assigneeName ? [' · ', t('notification.assignee', { name: params.assigneeName })] : null,
      params.mandateTitle ? [' · ', t('notification.mandate', { title: params.mandateTitle })] : null,
    ),
    markButton,
  );
}

/** The params as text: dates in German format, missing ones empty. @param {Notification} notification */
function notificationParams(notification) {
  /** @type {Record<string, string>} */
  const params = { ...FALLBACK_PARAMS };
  for (const [key, value] of Object.entries(notification.params ?? {})) {
    if (value === null || value === undefined) continue;
    params[key] = DATE_PARAMS.includes(key) && typeof value === 'string' ? formatDate(value) : String(value);
  }
  if (!params.actorName && notification.kind === 'mention') params.actorName = t('common.system');
  return params;
}

/** @param {boolean} unreadOnly @param {number} total @param {number} page */
function pagination(unreadOnly, total, page) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages <= 1) return null;
  const hash = (/** @type {number} */ target) => withQuery('#/notifications', { unread: unreadOnly ? 'true' : '', page: target > 1 ? String(target) : '' });
  return h(
    'nav',
    { 'aria-label': t('pagination.label'), class: 'pagination' },
    h(
      'ul',
      {},
      page > 1 ? h('li', {}, h('a', { id: 'page-previous', href: hash(page - 1) }, t('pagination.previous'))) : null,
      h('li', { 'aria-current': 'page' }, t('pagination.status', { page, pages })),
      page < pages ? h('li', {}, h('a', { id: 'page-next', href: hash(page + 1) }, t('pagination.next'))) : null,
    ),
  );
}
