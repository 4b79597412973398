import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { has, t } from '../i18n/index.js';
import { PRIORITIES, priorityLabel } from '../task-labels.js';
import { completeForm } from './task-output.js';

/** @typedef {import('../forms.js').FieldSpec} FieldSpec */
/** @typedef {import('../office-api.js').Task} Task */
/** @typedef {import('./task-output.js').Perform} Perform */

/** The order of the forms: the work first, handing on next, the lead's changes last. */
const ORDER = ['claim', 'complete', 'approve', 'reject', 'unclaim', 'delegate', 'assign', 'update', 'cancel'];

/**
 * The fields of each action's payload; the names are the API's keys, so its
 * field errors land at the right field.
 *
 * @param {string} action @param {Task} task @param {Array<{id: string, name: string}>} members @param {string} userId
 * @param {boolean} isLead
 * @returns {FieldSpec[]}
 */
function fieldsFor(action, task, members, userId, isLead) {
  const people = (/** @type {Array<{id: string, name: string}>} */ list) => list.map((member) => ({ value: member.id, label: member.name }));
  const text = (/** @type {string} */ name, /** @type {boolean} */ required) => ({
    name,
    type: /** @type {const} */ ('textarea'),
    label: t(`taskField.${name}`),
    required,
  });
  switch (action) {
    case 'assign':
      return [{ name: 'assigneeId', type: 'select', label: t('taskField.assigneeId'), required: true, choices: people(members) }];
    case 'delegate':
      return [
        // Handing a task to oneself is no delegation.
        {
          name: 'assigneeId',
          type: 'select',
          label: t('taskField.assigneeId'),
          required: true,
          choices: people(members.filter((member) => member.id !== userId)),
        },
        text('note', false),
      ];
    case 'approve':
      return [text('comment', false)];
    case 'reject':
      return [text('comment', true)];
    case 'cancel':
      return [text('reason', true)];
    case 'update': {
      const followUp = /** @type {FieldSpec} */ ({
        name: 'followUpDate',
        type: 'date',
        label: t('taskField.followUpDate'),
        value: task.followUpDate ?? undefined,
      });
      // The holder may set only the follow-up date; due date and priority are the lead's (the API refuses them with 403).
      if (!isLead) return [followUp];
      return [
        { name: 'dueDate', type: 'date', label: t('taskField.dueDate'), required: true, value: task.dueDate },
        followUp,
        {
          name: 'priority',
          type: 'select',
          label: t('taskField.priority'),
          required: true,
          value: task.priority,
          choices: PRIORITIES.map((priority) => ({ value: priority, label: priorityLabel(priority) })),
        },
      ];
    }
    default:
      return [];
  }
}

/**
 * What the update form changes: only the fields that differ from the task,
 * so the history records real changes; an emptied follow-up date is removed
 * (null). With nothing changed, the follow-up date is sent as it is.
 *
 * @param {Task} task @param {Record<string, unknown>} values
 */
function changes(task, values) {
  const current = /** @type {Record<string, unknown>} */ (task);
  /** @type {Record<string, unknown>} */
  const changed = Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== current[name]));
  if (task.followUpDate && values.followUpDate === undefined) changed.followUpDate = null;
  return Object.keys(changed).length > 0 ? changed : { followUpDate: task.followUpDate };
}

/**
 * One form per allowed action, drawn from `allowedActions` alone: the API
 * decides who may do what, the page never repeats a rule.
 *
 * @param {Task} task @param {Array<{id: string, name: string}>} members the office, for assign and delegate
 * @param {string} userId @param {boolean} isLead whether the caller is the office lead, who may change more of a task
 * @param {any} schema the output schema of a type the UI has no form for @param {Perform} perform
 */
export function taskActionsSection(task, members, userId, isLead, schema, perform) {
  const actions = [...ORDER.filter((action) => task.allowedActions.includes(action)), ...task.allowedActions.filter((action) => !ORDER.includes(action))];
  return section(
    'actions',
    t('task.actions'),
    actions.length === 0
      ? h('p', {}, t('task.noActions'))
      : actions.map((action) => {
          const headingId = `action-${action}-heading`;
          // The holder's update form has only the follow-up date, and says so.
          const key = action === 'update' && !isLead ? 'taskAction.update.holder' : `taskAction.${action}`;
          const label = has(key) ? t(key) : action;
          return h(
            'section',
            { class: 'action', 'aria-labelledby': headingId },
            h('h3', { id: headingId }, label),
            action === 'complete'
              ? [task.review ? h('p', { class: 'hint' }, t('task.reviewNote')) : null, completeForm(task, perform, schema)]
              : buildForm({
                  id: `action-${action}`,
                  fields: fieldsFor(action, task, members, userId, isLead),
                  submitLabel: label,
                  submitClass: action === 'cancel' || action === 'reject' ? 'button danger' : 'button',
                  onSubmit: (values, idempotencyKey) => perform(action, action === 'update' ? changes(task, values) : values, idempotencyKey),
                }),
          );
        }),
  );
}
