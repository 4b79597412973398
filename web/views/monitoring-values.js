import { ApiError, NetworkError } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import {
  breakdownChoices,
  breakdownFromKey,
  breakdownLabel,
  comparePeriods,
  DIMENSIONS,
  localized,
  localizedFormError,
  monitoringProblem,
  VALUE_STATUSES,
  valueText,
} from '../monitoring-labels.js';
import { hidden } from '../task-labels.js';

/** @typedef {import('../monitoring-labels.js').Indicator} Indicator */
/** @typedef {import('../monitoring-labels.js').PresentedValue} PresentedValue */
/** @typedef {import('../monitoring-api.js').HistoryEntry} HistoryEntry */
/** @typedef {Awaited<ReturnType<typeof monitoring.indicator>>} IndicatorPage */

/**
 * The current version of every cell, newest period first, each with its
 * history behind a disclosure that is fetched when opened; for the office a
 * button to correct the cell in the entry form.
 *
 * @param {{regionId: string, page: IndicatorPage, office: boolean, signal: AbortSignal, onCorrect?: (value: PresentedValue) => void}} options
 */
export function valuesTable({ regionId, page, office, signal, onCorrect }) {
  const { indicator } = page;
  if (page.values.length === 0) return h('p', {}, t('indicator.valuesEmpty'));
  const sorted = [...page.values].sort(
    (a, b) => comparePeriods(b.period, a.period) || sortKey(a.breakdownKey).localeCompare(sortKey(b.breakdownKey)) || a.area.localeCompare(b.area),
  );
  const columns = ['period', 'breakdown', 'area', 'value', 'source', 'referenceDate', 'version', 'history'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { id: 'values-table' },
      h('caption', {}, t('indicator.valuesCaption', { name: localized(indicator.name) })),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col', class: column === 'history' ? 'no-print' : null }, t(`indicator.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        sorted.map((value, index) => {
          const cell = `${value.period}, ${breakdownLabel(value.breakdownKey)}, ${value.area}`;
          const correct =
            office && onCorrect
              ? h('button', { type: 'button', class: 'button small secondary', id: `correct-${index}` }, t('indicator.correct'), hidden(` ${cell}`))
              : null;
          correct?.addEventListener('click', () => onCorrect?.(value));
          return h(
            'tr',
            {},
            h('th', { scope: 'row' }, value.period),
            h('td', {}, breakdownLabel(value.breakdownKey)),
            h('td', {}, value.area),
            h('td', { class: 'number' }, valueText(value, indicator)),
            h('td', { class: 'text' }, value.source),
            h('td', {}, value.referenceDate ? timeElement(value.referenceDate) : ''),
            h('td', {}, String(value.version)),
            h('td', { class: 'no-print' }, historyDisclosure(regionId, indicator, value, cell, index, signal), correct),
          );
        }),
      ),
    ),
  );
}

/** The total first, then the categories in the order of their breakdown (weiblich, männlich, divers). @param {string} key */
function sortKey(key) {
  const dimensions = Object.keys(DIMENSIONS);
  return Object.entries(breakdownFromKey(key))
    .map(([dimension, category]) => `${dimensions.indexOf(dimension)}.${String(DIMENSIONS[dimension]?.indexOf(category) ?? 99).padStart(2, '0')}`)
    .join(';');
}

/**
 * "Verlauf" of one cell: every version with who entered it, when, how and
 * why. Fetched on first opening; a failure is said in the disclosure and the
 * next opening tries again.
 *
 * @param {string} regionId @param {Indicator} indicator @param {PresentedValue} value @param {string} cell @param {number} index @param {AbortSignal} signal
 */
function historyDisclosure(regionId, indicator, value, cell, index, signal) {
  const body = h('div', { class: 'history-body', 'aria-live': 'polite' });
  const details = h('details', { class: 'history', id: `history-${index}` }, h('summary', {}, t('indicator.history'), hidden(` ${cell}`)), body);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    body.replaceChildren(h('p', { class: 'meta' }, t('common.loading')));
    try {
      const { items } = await monitoring.history(regionId, indicator.key, { period: value.period, breakdownKey: value.breakdownKey, area: value.area }, signal);
      body.replaceChildren(historyList(items, indicator));
    } catch (error) {
      if (signal.aborted || !(error instanceof ApiError || error instanceof NetworkError)) throw error;
      loaded = false;
      body.replaceChildren(h('p', { class: 'field-error' }, error instanceof ApiError ? monitoringProblem(error.problem, error.status) : t('error.network')));
    }
  });
  return details;
}

/** @param {HistoryEntry[]} items @param {Indicator} indicator */
function historyList(items, indicator) {
  if (items.length === 0) return h('p', {}, t('history.empty'));
  return h(
    'ol',
    { class: 'entries versions' },
    items.map((entry) =>
      h(
        'li',
        {},
        h('p', {}, t('indicator.version', { version: entry.version, value: valueText(entry, indicator) })),
        h(
          'p',
          { class: 'meta' },
          t('indicator.enteredBy', { origin: t(`monitoring.origin.${entry.origin}`), name: entry.enteredBy.name }),
          ' ',
          timeElement(entry.createdAt),
        ),
        entry.source ? h('p', { class: 'meta' }, t('indicator.versionSource', { source: entry.source })) : null,
        entry.fileName ? h('p', { class: 'meta' }, t('indicator.versionFile', { name: entry.fileName })) : null,
        entry.note ? h('p', { class: 'prewrap' }, t('indicator.versionNote', { note: entry.note })) : null,
      ),
    ),
  );
}

/**
 * The office's form for a value or a correction of one. A cell that has a
 * value already gets a new version, and the API then asks for the reason;
 * "Korrigieren" in the table fills in the cell and says so.
 *
 * @param {{regionId: string, indicator: Indicator, areas: string[], defaultArea: string, reload: () => Promise<void>, announce: (message: string) => void}} options
 * @returns {{node: HTMLElement, correct: (value: PresentedValue) => void}}
 */
export function valueEntrySection({ regionId, indicator, areas, defaultArea, reload, announce }) {
  const breakdowns = breakdownChoices(indicator.breakdowns);
  const correcting = h('p', { id: 'value-correcting', class: 'notice', role: 'status' });
  const form = buildForm({
    id: 'value',
    fields: [
      { name: 'period', type: 'text', label: t('valueField.period'), hint: t('valueField.period.hint'), required: true },
      ...(breakdowns.length > 1
        ? [{ name: 'breakdown', type: /** @type {const} */ ('select'), label: t('valueField.breakdown'), value: 'total', choices: breakdowns }]
        : []),
      {
        name: 'area',
        type: 'text',
        label: t('valueField.area'),
        hint: defaultArea ? t('valueField.area.hint', { area: defaultArea }) : undefined,
        suggestions: areas,
      },
      {
        name: 'status',
        type: 'select',
        label: t('valueField.status'),
        required: true,
        value: 'value',
        choices: VALUE_STATUSES.map((status) => ({ value: status, label: t(`monitoring.statusChoice.${status}`) })),
      },
      { name: 'value', type: 'number', label: t('valueField.value'), hint: t('valueField.value.hint'), step: 'any' },
      { name: 'caseCount', type: 'number', label: t('valueField.caseCount'), hint: t('valueField.caseCount.hint'), step: '1' },
      { name: 'source', type: 'text', label: t('valueField.source'), required: true, value: indicator.source },
      { name: 'referenceDate', type: 'date', label: t('valueField.referenceDate') },
      { name: 'territorialStatus', type: 'date', label: t('valueField.territorialStatus'), hint: t('valueField.territorialStatus.hint') },
      { name: 'note', type: 'textarea', label: t('valueField.note'), hint: t('valueField.note.hint') },
    ],
    submitLabel: t('indicator.entrySubmit'),
    async onSubmit(values, idempotencyKey) {
      const { breakdown, ...rest } = values;
      const body = { ...rest, ...(breakdown && breakdown !== 'total' ? { breakdown: breakdownFromKey(String(breakdown)) } : {}) };
      try {
        await monitoring.addValue(regionId, indicator.key, body, idempotencyKey);
      } catch (error) {
        throw localizedFormError(error);
      }
      form.reset();
      correcting.textContent = '';
      await reload();
      announce(t('indicator.saved', { period: String(values.period) }));
    },
  });

  /** Fills in the cell of `value` and moves to its number. @param {PresentedValue} value */
  function correct(value) {
    const set = (/** @type {string} */ name, /** @type {string} */ text) => {
      const control = /** @type {HTMLInputElement | HTMLSelectElement | null} */ (form.querySelector(`#value-${name}`));
      if (control) control.value = text;
    };
    set('period', value.period);
    set('breakdown', value.breakdownKey);
    set('area', value.area);
    set('status', value.status);
    set('value', '');
    set('source', value.source);
    correcting.textContent = t('indicator.correcting', { cell: `${value.period}, ${breakdownLabel(value.breakdownKey)}, ${value.area}` });
    /** @type {HTMLElement | null} */ (form.querySelector('#value-value'))?.focus();
  }

  const node = section('value-entry', t('indicator.entry'), h('p', { class: 'hint' }, t('indicator.entryHint')), correcting, form);
  node.classList.add('no-print');
  return { node, correct };
}

/**
 * The lead's target for the indicator: a value, for a period or for always;
 * it can be removed again.
 *
 * @param {{regionId: string, indicator: () => Indicator, reload: () => Promise<void>, announce: (message: string) => void}} options
 */
export function targetSection({ regionId, indicator, reload, announce }) {
  const removeHolder = h('div', {});
  const problem = h('p', { class: 'field-error', role: 'alert' });
  const current = indicator().target;
  const form = buildForm({
    id: 'target',
    fields: [
      { name: 'value', type: 'number', label: t('targetField.value'), required: true, step: 'any', value: current ? String(current.value) : undefined },
      { name: 'period', type: 'text', label: t('targetField.period'), hint: t('targetField.period.hint'), value: current?.period ?? undefined },
    ],
    submitLabel: t('indicator.targetSubmit'),
    async onSubmit(values) {
      try {
        await monitoring.setTarget(regionId, indicator().key, {
          value: /** @type {number} */ (values.value),
          period: values.period ? String(values.period) : null,
        });
      } catch (error) {
        throw localizedFormError(error);
      }
      await reload();
      drawRemove();
      announce(t('indicator.targetSaved'));
    },
  });

  function drawRemove() {
    if (!indicator().target) return void removeHolder.replaceChildren();
    const button = h('button', { type: 'button', id: 'target-remove', class: 'button secondary' }, t('indicator.targetRemove'));
    button.addEventListener('click', async () => {
      problem.textContent = '';
      try {
        await monitoring.removeTarget(regionId, indicator().key);
      } catch (error) {
        if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
        problem.textContent = error instanceof ApiError ? monitoringProblem(error.problem, error.status) : t('error.network');
        return;
      }
      await reload();
      form.reset();
      for (const control of form.querySelectorAll('input')) control.value = '';
      drawRemove();
      announce(t('indicator.targetRemoved'));
      /** @type {HTMLElement | null} */ (form.querySelector('#target-value'))?.focus();
    });
    removeHolder.replaceChildren(button);
  }
  drawRemove();

  const node = section('target-section', t('indicator.targetTitle'), form, problem, removeHolder);
  node.classList.add('no-print');
  return node;
}
