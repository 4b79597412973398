import { ApiError } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { refreshNav } from '../nav.js';
import { office } from '../office-api.js';
import { dueNode, inboxHash, mandateHash, priorityNode, problemText, responsibleText, rolesIn, statusBadge, statusLabel, typeLabel } from '../task-labels.js';
import { discussionSection } from './discussion.js';
import { taskActionsSection } from './task-actions.js';
import { taskHistorySection } from './task-history.js';
import { knowsType, outputView } from './task-output.js';
import { isOnlyDataProvider } from '../monitoring-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../office-api.js').Task} Task */
/** @typedef {import('./task-history.js').TaskHistoryEntry} TaskHistoryEntry */

/**
 * One task: its fields, a form for each action the caller may take (from
 * `allowedActions` alone), comments and attachments, and the history of who
 * did what for whom. After an action the page shows the task as the API
 * returned it.
 */
export async function taskDetailView(/** @type {ViewContext} */ ctx) {
  const { regionId, taskId } = ctx.params;
  // A data provider's link to "their task" (a notification, a mail) is their data request.
  if (isOnlyDataProvider(rolesIn(ctx.session, regionId))) {
    return ctx.redirect(`#/regions/${encodeURIComponent(regionId)}/data-requests/${encodeURIComponent(taskId)}`);
  }
  const [task, history] = await Promise.all([office.task(regionId, taskId, ctx.signal), office.taskHistory(regionId, taskId, ctx.signal)]);
  const userId = ctx.session.user?.id ?? '';
  const isLead = rolesIn(ctx.session, regionId).includes('office_lead');
  /** @type {Array<{id: string, name: string}> | null} */
  let members = null;
  /** @type {any} */
  let schema = null;

  /** What the forms need besides the task: the pickers' people, the schema of a type the UI does not know. @param {Task} current */
  async function loadExtras(current) {
    if (members === null && current.allowedActions.some((action) => action === 'assign' || action === 'delegate')) {
      members = (await office.members(regionId, 'office_staff', ctx.signal).catch(() => ({ items: [] }))).items;
    }
    if (schema === null && current.allowedActions.includes('complete') && !knowsType(current.type)) {
      const types = await office.taskTypes(ctx.signal).catch(() => ({ items: [] }));
      schema = types.items.find((candidate) => candidate.type === current.type)?.outputSchema ?? {};
    }
  }
  await loadExtras(task);

  const main = h('div', {});
  const historyHolder = h('div', {});
  // Created once, so a comment being typed survives an action on the task.
  const discussion = discussionSection({ regionId, subject: 'tasks', id: taskId, session: ctx.session, announce: ctx.announce, signal: ctx.signal });

  /** @param {Task} current @param {TaskHistoryEntry[]} entries */
  function draw(current, entries) {
    main.replaceChildren(...header(current, regionId, userId), taskActionsSection(current, members ?? [], userId, isLead, schema, perform));
    historyHolder.replaceChildren(taskHistorySection(entries));
  }

  /**
   * Runs an action and redraws from the task the API returns. A 409 means
   * the task has moved on (someone else claimed it, it was reassigned): when
   * this action no longer applies, the page shows the current state and says
   * so; otherwise the form says why, keeping what was typed.
   *
   * @param {string} action @param {Record<string, unknown>} payload @param {string} idempotencyKey
   */
  async function perform(action, payload, idempotencyKey) {
    try {
      const updated = await office.taskAction(regionId, taskId, action, payload, idempotencyKey);
      await loadExtras(updated);
      draw(updated, (await office.taskHistory(regionId, taskId)).items);
      ctx.announce(t('taskAction.done', { action: t(`taskAction.${action}`) }));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409) {
        const [current, entries] = await Promise.all([office.task(regionId, taskId), office.taskHistory(regionId, taskId)]);
        if (!current.allowedActions.includes(action)) {
          await loadExtras(current);
          draw(current, entries.items);
          ctx.announce(t('task.stale', { status: statusLabel(current.status) }));
          ctx.focusHeading();
          return;
        }
      }
      // The API's detail is English; the form says it in the user's language.
      throw new ApiError(error.status, { ...error.problem, detail: problemText(error.problem, error.status) });
    }
    void refreshNav();
    ctx.focusHeading();
  }

  draw(task, history.items);
  return h('div', { class: 'task' }, main, discussion, historyHolder);
}

/** @param {Task} task @param {string} regionId @param {string} userId */
function header(task, regionId, userId) {
  return [
    h('p', { class: 'back' }, h('a', { href: inboxHash(regionId) }, t('task.back'))),
    h('h1', { tabindex: '-1' }, task.title),
    h('p', { class: 'lead' }, `${t('task.status')}: `, statusBadge(task.status), ' · ', dueNode(task)),
    section(
      'overview',
      t('task.overview'),
      definitionList([
        [t('task.type'), typeLabel(task.type)],
        [t('task.mandate'), task.mandateId ? h('a', { href: mandateHash(regionId, task.mandateId) }, task.mandateTitle ?? task.mandateId) : null],
        [t('task.assignee'), responsibleText(task, userId)],
        [t('task.priority'), priorityNode(task.priority)],
        [t('task.dueDate'), dueNode(task)],
        [t('task.followUpDate'), task.followUpDate ? timeElement(task.followUpDate) : null],
        [t('task.required'), t(task.required ? 'common.yes' : 'common.no')],
        [t('task.review'), task.review ? t('common.yes') : null],
        [t('task.description'), task.description ? h('p', { class: 'prewrap' }, task.description) : null],
        [t('task.created'), byAt(task.createdBy, task.createdAt)],
        // A cancelled task has an end time too, but nobody completed it; the reason says why it ended.
        [t('task.completed'), task.completedAt && task.status !== 'cancelled' ? byAt(task.completedBy, task.completedAt) : null],
        [t('task.reviewDecision'), task.reviewDecision ? reviewDecision(task.reviewDecision) : null],
        [t('task.cancelReason'), task.cancelReason ? h('span', { class: 'prewrap' }, task.cancelReason) : null],
      ]),
    ),
    task.output ? section('output', t('task.output'), outputView(task.output)) : null,
  ].filter((node) => node !== null);
}

/** @param {NonNullable<Task['reviewDecision']>} decision */
function reviewDecision(decision) {
  return h(
    'span',
    {},
    t('task.decisionBy', { decision: t(`task.decision.${decision.decision}`), name: decision.by.name }),
    ', ',
    timeElement(decision.at),
    decision.comment ? h('span', { class: 'block prewrap' }, t('common.quoted', { text: decision.comment })) : null,
  );
}

/** "Name, 01.03.2025, 14:30" @param {{name: string} | null} person @param {string} at */
function byAt(person, at) {
  return h('span', {}, `${person?.name ?? t('common.system')}, `, timeElement(at));
}
