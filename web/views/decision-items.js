import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { decisions } from '../meetings-api.js';
import { taskHash } from '../task-labels.js';
import { FOLLOW_UP_ROLES, LEAD_ROLES, lightBadge, may } from './meeting-labels.js';

/** @typedef {import('./decision-detail.js').DecisionPage} DecisionPage */
/** @typedef {import('../meetings-api.js').ImplementationItem} ImplementationItem */

/**
 * The follow-up of a decision (Beschlusskontrolle): what is to be done, by
 * whom, until when, and its traffic light in words with an icon; the reason
 * for a delay; the form to add an item (chair, office lead) and for the
 * office or the responsible person the forms to keep each item up to date.
 *
 * @param {DecisionPage} page
 */
export function implementationSection(page) {
  const { record } = page;
  const editable = record.items.filter((item) => mayEdit(page, item));
  return section(
    'implementation',
    t('decision.items'),
    record.items.length === 0 ? h('p', {}, t('decision.items.empty')) : itemTable(page),
    editable.length > 0 ? [h('h3', {}, t('decision.items.update')), editable.map((item) => editDisclosure(page, item))] : null,
    may(record, 'add-item', page.roles, LEAD_ROLES) ? addItemForm(page) : null,
  );
}

/** @param {DecisionPage} page @param {ImplementationItem & {allowedActions?: string[]}} item */
function mayEdit(page, item) {
  if (Array.isArray(item.allowedActions)) return item.allowedActions.includes('edit');
  return item.responsible.id === page.userId || page.roles.some((role) => FOLLOW_UP_ROLES.includes(role));
}

/** @param {DecisionPage} page */
function itemTable(page) {
  const { record, regionId } = page;
  const office = page.roles.some((role) => FOLLOW_UP_ROLES.includes(role));
  const columns = ['title', 'responsible', 'dueDate', 'light', 'delayReason'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { id: 'items-table', 'aria-labelledby': 'implementation-heading' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, t(`decision.item.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        record.items.map((item) =>
          h(
            'tr',
            { 'data-item-id': item.id },
            h(
              'th',
              { scope: 'row', class: 'text' },
              // The office task carries the work; the office and the responsible person can open it.
              office || item.responsible.id === page.userId ? h('a', { href: taskHash(regionId, item.taskId) }, item.title) : item.title,
            ),
            h('td', {}, item.responsible.name),
            h('td', {}, timeElement(item.dueDate)),
            h('td', {}, lightBadge(item.light)),
            h('td', { class: 'text prewrap' }, item.delayReason ?? (item.light === 'red' ? h('span', { class: 'meta' }, t('decision.item.noReason')) : '–')),
          ),
        ),
      ),
    ),
  );
}

/**
 * Only what changed is sent: a new due date (the office's) or the reason
 * for the delay; an emptied reason is removed.
 *
 * @param {DecisionPage} page @param {ImplementationItem} item
 */
function editDisclosure(page, item) {
  const formId = `edit-item-${item.id}`;
  return h(
    'details',
    { class: 'disclosure' },
    h('summary', { id: `${formId}-summary` }, t('decision.item.edit', { title: item.title })),
    buildForm({
      id: formId,
      fields: [
        {
          name: 'delayReason',
          type: 'textarea',
          label: t('decision.item.field.delayReason'),
          hint: t('decision.item.field.delayReason.hint'),
          value: item.delayReason ?? undefined,
        },
        // The due date is the item's task's too: only the office lead moves it.
        ...(page.roles.includes('office_lead')
          ? [{ name: 'dueDate', type: 'date', label: t('decision.item.field.dueDate'), required: true, value: item.dueDate }]
          : []),
      ],
      submitLabel: t('decision.item.edit.submit'),
      onSubmit: (values) => {
        /** @type {{delayReason?: string | null, dueDate?: string}} */
        const body = {};
        if ((values.delayReason ?? null) !== item.delayReason) body.delayReason = /** @type {string | undefined} */ (values.delayReason) ?? null;
        if (values.dueDate !== undefined && values.dueDate !== item.dueDate) body.dueDate = String(values.dueDate ?? '');
        return page.run(
          () => decisions.editItem(page.regionId, page.record.id, item.id, Object.keys(body).length > 0 ? body : { delayReason: item.delayReason }),
          {
            done: t('decision.item.edited', { title: item.title }),
            focus: `${formId}-summary`,
          },
        );
      },
    }),
  );
}

/** @param {DecisionPage} page */
function addItemForm(page) {
  const headingId = 'add-decision-item-heading';
  return h(
    'section',
    { class: 'action', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('decision.item.add')),
    h('p', { class: 'hint' }, t('decision.item.add.hint')),
    buildForm({
      id: 'add-decision-item',
      fields: [
        { name: 'title', type: 'text', label: t('decision.item.field.title'), required: true },
        {
          name: 'responsibleId',
          type: 'select',
          label: t('decision.item.field.responsible'),
          required: true,
          choices: page.members.map((member) => ({ value: member.id, label: member.name })),
        },
        { name: 'dueDate', type: 'date', label: t('decision.item.field.dueDate'), required: true },
      ],
      submitLabel: t('decision.item.add.submit'),
      onSubmit: (values, idempotencyKey) =>
        page.run(
          () =>
            decisions.addItem(
              page.regionId,
              page.record.id,
              /** @type {{title: string, responsibleId: string, dueDate: string}} */ (/** @type {unknown} */ (values)),
              idempotencyKey,
            ),
          { done: t('decision.item.added', { title: String(values.title) }), focus: 'add-decision-item-title' },
        ),
    }),
  );
}
