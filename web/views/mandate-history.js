import { definitionList, h, section } from '../dom.js';
import { formatNumber, timeElement } from '../format.js';
import { has, t } from '../i18n/index.js';
import { choiceLabel, phaseLabel } from '../labels.js';

/**
 * @typedef {{seq: number, at: string, actor: {id: string, name: string} | null, action: string,
 *   phaseBefore: string | null, phaseAfter: string | null, details: Record<string, unknown>}} HistoryEntry
 * @typedef {Array<{id: string, title: string}>} OptionList
 */

/** The audit trail: who did what, when, and how the phase changed. */
export function historySection(/** @type {HistoryEntry[]} */ history, /** @type {OptionList} */ options) {
  return section(
    'history',
    t('history.title'),
    history.length === 0
      ? h('p', {}, t('history.empty'))
      : h(
          'ol',
          { class: 'entries' },
          history.map((entry) =>
            h(
              'li',
              {},
              h('p', {}, h('strong', {}, t(`action.${entry.action}`)), transition(entry)),
              h('p', { class: 'meta' }, `${entry.actor?.name ?? t('common.system')}, `, timeElement(entry.at)),
              detailList(entry.details ?? {}, options),
            ),
          ),
        ),
  );
}

/** @param {HistoryEntry} entry */
function transition(entry) {
  if (!entry.phaseBefore || !entry.phaseAfter || entry.phaseBefore === entry.phaseAfter) return null;
  return [' · ', t('history.transition', { before: phaseLabel(entry.phaseBefore), after: phaseLabel(entry.phaseAfter) })];
}

/**
 * An event's details in words. Keys ending in "Id" are references for
 * machines (the option's title, the vote's choices are shown instead); the
 * other keys are payload fields and carry the form's labels.
 *
 * @param {Record<string, unknown>} details @param {OptionList} options
 */
function detailList(details, options) {
  const optionId = typeof details.optionId === 'string' ? details.optionId : null;
  /** @type {Array<[string, Node | string]>} */
  const pairs = Object.entries(details)
    // `added` lists the ids of what a finished task yielded; the entries themselves are shown above.
    .filter(([key, value]) => !key.endsWith('Id') && key !== 'added' && value !== null && value !== undefined)
    .map(([key, value]) => [detailLabel(key), detailValue(key, value, optionId, options)]);
  return pairs.length === 0 ? null : definitionList(pairs);
}

const DETAIL_LABELS = /** @type {Record<string, string>} */ ({
  deadline: 'vote.deadline',
  choice: 'vote.choice',
  result: 'history.result',
  tally: 'vote.tally',
});

/** @param {string} key */
function detailLabel(key) {
  const messageKey = DETAIL_LABELS[key] ?? `field.${key}`;
  return has(messageKey) ? t(messageKey) : key;
}

/**
 * @param {string} key @param {unknown} value @param {string | null} optionId @param {OptionList} options
 * @returns {Node | string}
 */
function detailValue(key, value, optionId, options) {
  if (key === 'deadline' && typeof value === 'string') return timeElement(value);
  if (key === 'choice' && typeof value === 'string') return choiceLabel(value, optionId, options);
  if (key === 'result' && typeof value === 'string') {
    return value === 'option' ? choiceLabel('option', optionId, options) : t(`history.result.${value}`);
  }
  if (key === 'tally' && Array.isArray(value)) {
    return value.map((entry) => `${choiceLabel(entry.choice, entry.optionId, options)}: ${entry.count}`).join(', ');
  }
  if (typeof value === 'number') return formatNumber(value);
  // The office's tasks created for the phase, by title.
  if (Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && 'title' in item)) {
    return value.map((item) => String(item.title)).join('; ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
