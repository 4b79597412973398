import { definitionList, h, section } from '../dom.js';
import { formatNumber, timeElement } from '../format.js';
import { has, t } from '../i18n/index.js';
import { priorityLabel, roleLabel, statusLabel, typeLabel } from '../task-labels.js';
import { outputView } from './task-output.js';

/**
 * @typedef {{id: string, name: string}} Person
 * @typedef {{seq: number, at: string, actor: Person | null, onBehalfOf: Person | null, action: string,
 *   details: Record<string, unknown> | null}} TaskHistoryEntry
 */

/**
 * The task's trail: what happened, who did it and for whom ("Sven
 * Sachbearbeitung in Vertretung für Svenja Sachbearbeitung"), when.
 *
 * @param {TaskHistoryEntry[]} entries
 */
export function taskHistorySection(entries) {
  return section(
    'history',
    t('taskHistory.title'),
    entries.length === 0
      ? h('p', {}, t('taskHistory.empty'))
      : h(
          'ol',
          { class: 'entries' },
          entries.map((entry) =>
            h(
              'li',
              {},
              h('p', {}, h('strong', {}, has(`taskHistory.${entry.action}`) ? t(`taskHistory.${entry.action}`) : entry.action)),
              h('p', { class: 'meta' }, `${actorText(entry)}, `, timeElement(entry.at)),
              detailList(entry.details ?? {}),
            ),
          ),
        ),
  );
}

/** @param {TaskHistoryEntry} entry */
function actorText(entry) {
  const actor = entry.actor?.name ?? t('common.system');
  return entry.onBehalfOf ? t('taskHistory.onBehalfOf', { actor, name: entry.onBehalfOf.name }) : actor;
}

/**
 * The details in words. Keys ending in "Id" are references for machines; a
 * person ({id, name}) is shown by name.
 *
 * @param {Record<string, unknown>} details
 */
function detailList(details) {
  /** @type {Array<[string, Node | string]>} */
  const pairs = Object.entries(details)
    .filter(([key, value]) => !key.endsWith('Id') && !key.endsWith('Ids') && value !== null && value !== undefined && value !== '')
    .map(([key, value]) => [detailLabel(key), detailValue(key, value)]);
  return pairs.length === 0 ? null : definitionList(pairs);
}

/** @param {string} key */
function detailLabel(key) {
  for (const candidate of [`taskHistory.detail.${key}`, `taskField.${key}`, `task.${key}`, `output.${key}`]) if (has(candidate)) return t(candidate);
  return key;
}

/**
 * A change ({from, to}) as "vorher → jetzt", a person by name, the output as
 * on the task page, dates and numbers in German format.
 *
 * @param {string} key @param {unknown} value @returns {Node | string}
 */
function detailValue(key, value) {
  if (isChange(value)) {
    const side = (/** @type {unknown} */ part) => (part === null || part === undefined || part === '' ? '–' : detailValue(key, part));
    return h('span', {}, side(value.from), ' → ', side(value.to));
  }
  if (key === 'output' && typeof value === 'object' && value !== null && !Array.isArray(value))
    return outputView(/** @type {Record<string, unknown>} */ (value));
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value)) return timeElement(value);
  if (key === 'priority' && typeof value === 'string') return priorityLabel(value);
  if (key === 'type' && typeof value === 'string') return typeLabel(value);
  if (key === 'candidateRole' && typeof value === 'string') return roleLabel(value);
  if (key === 'status' && typeof value === 'string') return statusLabel(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'object' && value !== null && 'name' in value) return String(/** @type {{name: unknown}} */ (value).name);
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'object' && item !== null && 'name' in item ? String(item.name) : String(item))).join(', ');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** @param {unknown} value @returns {value is {from: unknown, to: unknown}} */
function isChange(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 2 && 'from' in value && 'to' in value;
}
