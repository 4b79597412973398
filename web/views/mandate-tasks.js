import { h, section } from '../dom.js';
import { t } from '../i18n/index.js';
import { inboxHash, statusBadge, taskHash, typeLabel, withQuery } from '../task-labels.js';

/** @typedef {{id: string, type: string, title: string, phase: string | null, required: boolean, status: string}} MandateTask */

/**
 * The office's tasks for the mandate, each linking to its page, with a link
 * to the inbox filtered by this mandate. Required tasks are marked: they hold
 * the next phase until they are done or cancelled.
 *
 * @param {{id: string, tasks?: MandateTask[]}} mandate @param {string} regionId
 */
export function mandateTasksSection(mandate, regionId) {
  const tasks = mandate.tasks ?? [];
  return section(
    'tasks',
    t('detail.taskList'),
    tasks.length === 0
      ? h('p', {}, t('detail.noTasks'))
      : h(
          'ul',
          { class: 'task-list' },
          tasks.map((task) =>
            h(
              'li',
              {},
              h('a', { href: taskHash(regionId, task.id) }, task.title),
              ' ',
              statusBadge(task.status),
              h('span', { class: 'meta' }, ` · ${typeLabel(task.type)}`, task.required ? ` · ${t('task.required')}` : null),
            ),
          ),
        ),
    h('p', {}, h('a', { href: withQuery(inboxHash(regionId), { mandateId: mandate.id }) }, t('detail.tasks'))),
  );
}
