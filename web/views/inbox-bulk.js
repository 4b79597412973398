import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { t, tCount } from '../i18n/index.js';
import { office } from '../office-api.js';
import { problemText } from '../task-labels.js';

/** @typedef {import('../office-api.js').Task} Task */
/** @typedef {import('../office-api.js').BulkResult} BulkResult */

/**
 * Claim or assign the tasks checked in the table at once. Shown when a task
 * on the page allows claim or assign; the buttons follow `allowedActions`.
 * The result of each task is reported after the list has been redrawn.
 *
 * @param {{regionId: string, items: Task[], members: Array<{id: string, name: string}>, announce: (message: string) => void,
 *   after: (report: HTMLElement) => Promise<void>}} options
 */
export function bulkToolbar({ regionId, items, members, announce, after }) {
  const canClaim = items.some((task) => task.allowedActions.includes('claim'));
  const canAssign = items.some((task) => task.allowedActions.includes('assign')) && members.length > 0;
  if (!canClaim && !canAssign) return null;

  // Created empty: a live region must exist before its text changes.
  const problem = h('p', { id: 'bulk-problem', class: 'bulk-problem', role: 'alert' });
  const assignee = h(
    'select',
    { id: 'bulk-assignee', name: 'assigneeId' },
    h('option', { value: '' }, t('form.choose')),
    members.map((member) => h('option', { value: member.id }, member.name)),
  );
  const titleOf = new Map(items.map((task) => [task.id, task.title]));

  /** @param {'claim' | 'assign'} action @param {HTMLButtonElement} button */
  async function run(action, button) {
    problem.textContent = '';
    const taskIds = selectedTaskIds();
    if (taskIds.length === 0) return void (problem.textContent = t('inbox.bulk.noSelection'));
    if (action === 'assign' && !assignee.value) {
      problem.textContent = t('inbox.bulk.noAssignee');
      return void assignee.focus();
    }
    const name = assignee.selectedOptions[0]?.textContent ?? '';
    button.disabled = true;
    try {
      const { results } = await office.bulk(regionId, action, action === 'assign' ? { taskIds, assigneeId: assignee.value } : { taskIds });
      const ok = results.filter((result) => result.ok).length;
      const summary = t(`inbox.bulk.summary.${action}`, { ok, total: results.length, name });
      announce(summary);
      await after(report(results, action, name, summary, titleOf));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      button.disabled = false;
      problem.textContent = problemText(error.problem, error.status);
    }
  }

  const button = (/** @type {'claim' | 'assign'} */ action, /** @type {string} */ label) => {
    const element = h('button', { type: 'button', id: `bulk-${action}`, class: 'button' }, label);
    element.addEventListener('click', () => void run(action, element));
    return element;
  };

  return h(
    'section',
    { id: 'bulk', class: 'bulk', 'aria-labelledby': 'bulk-heading' },
    h('h2', { id: 'bulk-heading' }, t('inbox.bulk')),
    h('p', { id: 'bulk-count', class: 'meta' }, tCount('inbox.bulk.selected', 0)),
    problem,
    h(
      'div',
      { class: 'bulk-controls' },
      canClaim ? button('claim', t('inbox.bulk.claim')) : null,
      canAssign
        ? h(
            'div',
            { class: 'field inline' },
            h('label', { for: 'bulk-assignee' }, t('inbox.bulk.assignee')),
            assignee,
            button('assign', t('inbox.bulk.assign')),
          )
        : null,
    ),
  );
}

/** The ids of the checked rows. */
function selectedTaskIds() {
  return [...document.querySelectorAll('input.select-task:checked')].map((box) => /** @type {HTMLInputElement} */ (box).value);
}

/** Keeps "2 Aufgaben ausgewählt" in step with the checkboxes. */
export function updateSelectionCount() {
  const count = document.getElementById('bulk-count');
  if (count) count.textContent = tCount('inbox.bulk.selected', selectedTaskIds().length);
}

/**
 * One line per task: what happened to it, or why not.
 *
 * @param {BulkResult[]} results @param {'claim' | 'assign'} action @param {string} name @param {string} summary
 * @param {Map<string, string>} titleOf
 */
function report(results, action, name, summary, titleOf) {
  return h(
    'section',
    { id: 'bulk-results', class: 'bulk-results', 'aria-labelledby': 'bulk-results-heading' },
    h('h2', { id: 'bulk-results-heading', tabindex: '-1' }, t('inbox.bulk.results')),
    h('p', {}, summary),
    h(
      'ul',
      {},
      results.map((result) =>
        h(
          'li',
          { class: result.ok ? 'result-ok' : 'result-failed' },
          h('strong', {}, result.task?.title ?? titleOf.get(result.taskId) ?? result.taskId),
          ': ',
          result.ok ? t(`inbox.bulk.ok.${action}`, { name }) : t('inbox.bulk.failed', { reason: problemText(result.problem) }),
        ),
      ),
    ),
  );
}
