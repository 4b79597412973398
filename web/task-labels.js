import { h } from './dom.js';
import { formatNumber, timeElement } from './format.js';
import { has, t, tCount } from './i18n/index.js';

/** @typedef {import('./office-api.js').Task} Task */

/** The task types in the order of the cycle, for the filter. */
export const TASK_TYPES = ['consult', 'options', 'data-request', 'compile-dossier', 'implement', 'progress-report', 'evaluate', 'release-data', 'general'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

/** A label from the catalogue, or the API's word for a value the UI does not know yet. @param {string} prefix @param {string} value */
function label(prefix, value) {
  return has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : value;
}

export const typeLabel = (/** @type {string} */ type) => label('taskType', type);
export const statusLabel = (/** @type {string} */ status) => label('taskStatus', status);
export const priorityLabel = (/** @type {string} */ priority) => label('priority', priority);
export const roleLabel = (/** @type {string} */ role) => label('role', role);

/** Today's calendar date in Berlin, where the due dates are kept. */
export function berlinToday() {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
}

/** Whole days from `from` to `to`, both YYYY-MM-DD. @param {string} from @param {string} to */
function daysBetween(from, to) {
  const day = (/** @type {string} */ value) => Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10)));
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/**
 * Where a task stands against its due date, in words ("überfällig seit
 * 3 Tagen") with a tone for the colour; the colour only repeats the text.
 * Finished tasks have no due state. The API's `overdue` wins over the
 * browser's clock, which may be wrong.
 *
 * @param {Task} task
 * @returns {{text: string, tone: 'overdue' | 'today' | 'soon' | 'later'} | null}
 */
export function dueState(task) {
  if (task.status === 'done' || task.status === 'cancelled') return null;
  const days = daysBetween(berlinToday(), task.dueDate);
  if (task.overdue || days < 0) return { text: days < 0 ? tCount('due.overdue', -days) : t('due.overdueToday'), tone: 'overdue' };
  if (days === 0) return { text: t('due.today'), tone: 'today' };
  if (days === 1) return { text: t('due.tomorrow'), tone: 'soon' };
  return { text: tCount('due.inDays', days, { count: formatNumber(days) }), tone: task.dueSoon ? 'soon' : 'later' };
}

/** The due date with its state: "12.03.2026 · fällig morgen", plus "an die Leitung gemeldet" once escalated. @param {Task} task */
export function dueNode(task) {
  const state = dueState(task);
  return h(
    'span',
    { class: 'due' },
    timeElement(task.dueDate),
    state ? [' ', h('span', { class: `due-state due-${state.tone}` }, state.text)] : null,
    task.escalated && state ? [' ', h('span', { class: 'due-state due-overdue' }, t('due.escalated'))] : null,
  );
}

/**
 * Who holds the task: the assignee, or the substitute standing in for them
 * ("Vertretung für …"), or the role that may claim it.
 *
 * @param {Task} task @param {string} userId the caller
 */
export function responsibleText(task, userId) {
  if (task.assignee && task.substitute) {
    return task.substitute.id === userId
      ? t('task.substituteFor', { name: task.assignee.name })
      : t('task.heldBy', { substitute: task.substitute.name, name: task.assignee.name });
  }
  if (task.assignee) return task.assignee.name;
  if (task.candidateRole) return t('task.candidates', { role: roleLabel(task.candidateRole) });
  return t('task.nobody');
}

/** The status as text in a flat badge, like the mandate's phase. @param {string} status */
export function statusBadge(status) {
  return h('span', { class: `task-status status-${status}` }, statusLabel(status));
}

/** The priority as text; high and urgent are marked in bold too. @param {string} priority */
export function priorityNode(priority) {
  return h('span', { class: `priority priority-${priority}` }, priorityLabel(priority));
}

/** "1,2 MB" @param {number} bytes */
export function formatSize(bytes) {
  if (bytes < 1024) return t('size.bytes', { size: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return t('size.kb', { size: formatNumber(Math.round(bytes / 102.4) / 10) });
  return t('size.mb', { size: formatNumber(Math.round(bytes / (1024 * 102.4)) / 10) });
}

/** The route of a task's page. @param {string} regionId @param {string} taskId */
export const taskHash = (regionId, taskId) => `#/regions/${encodeURIComponent(regionId)}/tasks/${encodeURIComponent(taskId)}`;
/** The route of the inbox. @param {string} regionId */
export const inboxHash = (regionId) => `#/regions/${encodeURIComponent(regionId)}/inbox`;
/** @param {string} regionId @param {string} mandateId */
export const mandateHash = (regionId, mandateId) => `#/regions/${encodeURIComponent(regionId)}/mandates/${encodeURIComponent(mandateId)}`;

/**
 * The roles the caller holds in a region, from the session. Used only to
 * offer pickers the API accepts from these roles (the lead records an absence
 * for someone else); the API decides.
 *
 * @param {{user: any}} session @param {string} regionId
 * @returns {string[]}
 */
export function rolesIn(session, regionId) {
  return session.user?.memberships?.find((/** @type {{regionId: string}} */ m) => m.regionId === regionId)?.roles ?? [];
}

/** A hash with a query from the set values. @param {string} hash @param {Record<string, string | undefined>} query */
export function withQuery(hash, query) {
  const params = new URLSearchParams(Object.entries(query).filter(/** @returns {entry is [string, string]} */ (entry) => !!entry[1]));
  const text = params.toString();
  return text ? `${hash}?${text}` : hash;
}

/** Text for screen readers only, e.g. which row's button this is. @param {string} text */
export function hidden(text) {
  return h('span', { class: 'visually-hidden' }, text);
}

/**
 * Why the API refused, in the user's language: by the problem's code when the
 * catalogue knows it, else by its status. A 409 on a task means someone else
 * got there first or the task moved on.
 *
 * @param {import('./api.js').Problem | undefined} problem @param {number} [status]
 */
export function problemText(problem, status = problem?.status) {
  if (problem?.code && has(`problem.${problem.code}`)) return t(`problem.${problem.code}`);
  if (status === 409) return t('task.conflict');
  if (status && has(`error.status.${status}`)) return t(`error.status.${status}`);
  return problem?.detail ?? t('error.status.500');
}
