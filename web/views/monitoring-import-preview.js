import { ApiError, NetworkError } from '../api.js';
import { definitionList, h } from '../dom.js';
import { describeFieldError } from '../forms.js';
import { formatNumber } from '../format.js';
import { getLocale, has, t, tCount } from '../i18n/index.js';
import { breakdownChoices, breakdownFromKey, breakdownLabel, formatValue, monitoringProblem } from '../monitoring-labels.js';
import { hidden } from '../task-labels.js';

/** @typedef {import('../monitoring-api.js').ImportPreview} ImportPreview */
/** @typedef {import('../monitoring-api.js').ImportMapping} ImportMapping */
/** @typedef {import('../monitoring-api.js').ParsedValue} ParsedValue */
/** @typedef {import('./monitoring-import.js').IndicatorChoice} IndicatorChoice */

/** A section inside the preview, under its h3. @param {string} id @param {string} title @param {...import('../dom.js').Child} children */
export function subsection(id, title, ...children) {
  return h('section', { id, 'aria-labelledby': `${id}-heading` }, h('h3', { id: `${id}-heading`, tabindex: '-1' }, title), ...children);
}

/** Spreadsheet letters for a 0-based column: 0 → A, 26 → AA. @param {number} index */
export function columnLetter(index) {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** "B: Anteil weiblich", or "Spalte B" without a header. @param {ImportPreview} preview @param {number} index */
function columnName(preview, index) {
  const header = preview.headers[index]?.trim();
  return header ? t('import.columnNamed', { letter: columnLetter(index), header }) : t('import.column', { letter: columnLetter(index) });
}

/**
 * The preview with a mapping to edit: a file whose layout could not be
 * detected comes without one, and the person then says where things are.
 *
 * @param {ImportPreview} preview @returns {ImportPreview}
 */
export function withMapping(preview) {
  if (preview.mapping) return preview;
  const last = Math.max(preview.rowCount - 1, 1);
  return {
    ...preview,
    mapping: {
      headerRow: 0,
      firstDataRow: Math.min(1, last),
      lastDataRow: last,
      periodColumn: 0,
      indicatorKey: null,
      indicatorColumn: null,
      areaColumn: null,
      breakdownColumns: {},
      valueColumns: [],
      caseCountColumn: null,
      numberFormat: 'de',
    },
  };
}

/** @param {ImportPreview} preview */
function columnCount(preview) {
  return Math.max(preview.headers.length, ...preview.rows.map((row) => row.length), 0);
}

/** How the file was read: format, encoding, delimiter, sheet, size. @param {ImportPreview} preview */
export function previewFacts(preview) {
  return definitionList([
    [t('import.format'), preview.format === 'xlsx' ? 'Excel (XLSX)' : 'CSV'],
    [t('import.encoding'), preview.encoding ? preview.encoding.toUpperCase() : null],
    [t('import.delimiter'), preview.delimiter ? t(`import.delimiter.${delimiterName(preview.delimiter)}`) : null],
    [t('import.sheet'), preview.sheet],
    [t('import.rowCount'), formatNumber(preview.rowCount)],
    [t('import.valuesFound'), formatNumber(preview.valueCount)],
  ]);
}

/** @param {string} delimiter */
function delimiterName(delimiter) {
  return delimiter === ';' ? 'semicolon' : delimiter === ',' ? 'comma' : 'tab';
}

/**
 * The mapping of the file's columns, as a form: the indicator, the rows that
 * hold data, the period, area and case-count columns, the number format and,
 * per column, whether it holds values and for which breakdown. Saving sends
 * the whole mapping; the API reads the file again with it.
 *
 * @param {{preview: ImportPreview, indicators: IndicatorChoice[], locked: boolean,
 *   save: (body: {mapping: ImportMapping}) => Promise<void>}} options
 */
export function mappingSection({ preview, indicators, locked, save }) {
  const { mapping } = preview;
  const columns = Array.from({ length: columnCount(preview) }, (_, index) => index);
  const columnOptions = (/** @type {number | null} */ selected, /** @type {boolean} */ optional) => [
    optional ? h('option', { value: '', selected: selected === null }, t('import.noColumn')) : null,
    columns.map((index) => h('option', { value: String(index), selected: index === selected }, columnName(preview, index))),
  ];
  const rowOptions = (/** @type {number} */ selected) => [
    // The detection found no header line; the choice is kept as it came.
    selected < 0 ? h('option', { value: String(selected), selected: true }, t('import.noHeaderRow')) : null,
    preview.rows.map((_, index) => h('option', { value: String(index), selected: index === selected }, t('import.row', { number: index + 1 }))),
  ];
  const field = (/** @type {string} */ name, /** @type {string} */ label, /** @type {HTMLElement} */ control, /** @type {string} */ hint = '') =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `mapping-${name}` }, label),
      hint ? h('p', { class: 'hint', id: `mapping-${name}-hint` }, hint) : null,
      control,
    );

  const indicatorSelect = h(
    'select',
    { id: 'mapping-indicator', name: 'indicatorKey', required: true },
    mapping.indicatorKey && !locked ? null : h('option', { value: '' }, t('form.choose')),
    indicators.map((indicator) => h('option', { value: indicator.key, selected: indicator.key === mapping.indicatorKey }, indicator.name)),
  );
  if (locked && indicators[0]) indicatorSelect.value = indicators[0].key;
  const headerRow = h('select', { id: 'mapping-headerRow' }, rowOptions(mapping.headerRow));
  const numberInput = (/** @type {string} */ name, /** @type {number} */ value) =>
    h('input', { id: `mapping-${name}`, type: 'number', step: '1', min: '1', max: String(preview.rowCount), value: String(value + 1), inputmode: 'numeric' });
  const firstDataRow = numberInput('firstDataRow', mapping.firstDataRow);
  const lastDataRow = numberInput('lastDataRow', mapping.lastDataRow);
  const periodColumn = h('select', { id: 'mapping-periodColumn' }, columnOptions(mapping.periodColumn, false));
  const areaColumn = h('select', { id: 'mapping-areaColumn' }, columnOptions(mapping.areaColumn, true));
  const caseCountColumn = h('select', { id: 'mapping-caseCountColumn' }, columnOptions(mapping.caseCountColumn, true));
  const numberFormat = h(
    'select',
    { id: 'mapping-numberFormat' },
    ['de', 'en'].map((format) => h('option', { value: format, selected: format === mapping.numberFormat }, t(`import.numberFormat.${format}`))),
  );

  const breakdownsOf = (/** @type {string} */ key) => indicators.find((indicator) => indicator.key === key)?.breakdowns ?? [];
  const valueRows = columns.map((index) => {
    const current = mapping.valueColumns.find((column) => column.column === index);
    const checkbox = h('input', { type: 'checkbox', id: `mapping-value-${index}`, class: 'value-column', value: String(index), checked: Boolean(current) });
    const breakdown = h('select', { id: `mapping-breakdown-${index}`, 'data-current': breakdownKeyOf(current?.breakdown ?? {}) });
    return { index, checkbox, breakdown };
  });
  /** The breakdown choices follow the chosen indicator; a choice it lacks is kept so nothing changes unseen. */
  function fillBreakdowns() {
    const choices = breakdownChoices(breakdownsOf(indicatorSelect.value));
    for (const { breakdown } of valueRows) {
      const current = breakdown.value || breakdown.dataset.current || 'total';
      const known = choices.some((choice) => choice.value === current) ? choices : [...choices, { value: current, label: breakdownLabel(current) }];
      breakdown.replaceChildren(...known.map((choice) => h('option', { value: choice.value, selected: choice.value === current }, choice.label)));
    }
  }
  fillBreakdowns();
  indicatorSelect.addEventListener('change', fillBreakdowns);

  const summary = h('div', { id: 'mapping-problem', class: 'form-problem', role: 'alert', tabindex: '-1' });
  const form = h(
    'form',
    { id: 'mapping', novalidate: true },
    summary,
    field('indicator', t('import.indicator'), indicatorSelect),
    h(
      'div',
      { class: 'field-row' },
      field('headerRow', t('import.headerRow'), headerRow),
      field('firstDataRow', t('import.firstDataRow'), firstDataRow),
      field('lastDataRow', t('import.lastDataRow'), lastDataRow),
    ),
    h(
      'div',
      { class: 'field-row' },
      field('periodColumn', t('import.periodColumn'), periodColumn),
      field('areaColumn', t('import.areaColumn'), areaColumn),
      field('caseCountColumn', t('import.caseCountColumn'), caseCountColumn),
      field('numberFormat', t('import.numberFormat'), numberFormat),
    ),
    otherColumns(preview),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { id: 'mapping-columns' },
        h('caption', {}, t('import.valueColumns')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['column', 'isValue', 'breakdown'].map((column) => h('th', { scope: 'col' }, t(`import.col.${column}`))),
          ),
        ),
        h(
          'tbody',
          {},
          valueRows.map(({ index, checkbox, breakdown }) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, columnName(preview, index)),
              h('td', { class: 'select' }, checkbox, h('label', { for: checkbox.id }, hidden(t('import.isValueOf', { column: columnName(preview, index) })))),
              h(
                'td',
                {},
                h('label', { for: breakdown.id, class: 'visually-hidden' }, t('import.breakdownOf', { column: columnName(preview, index) })),
                breakdown,
              ),
            ),
          ),
        ),
      ),
    ),
    h('button', { type: 'submit', id: 'mapping-submit', class: 'button' }, t('import.saveMapping')),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    summary.replaceChildren();
    const optionalColumn = (/** @type {HTMLSelectElement} */ select) => (select.value === '' ? null : Number(select.value));
    /** @type {ImportMapping} */
    const next = {
      ...mapping,
      indicatorKey: indicatorSelect.value || null,
      headerRow: Number(headerRow.value),
      firstDataRow: Number(firstDataRow.value) - 1,
      lastDataRow: Number(lastDataRow.value) - 1,
      periodColumn: Number(periodColumn.value),
      areaColumn: optionalColumn(areaColumn),
      caseCountColumn: optionalColumn(caseCountColumn),
      numberFormat: numberFormat.value === 'en' ? 'en' : 'de',
      valueColumns: valueRows
        .filter(({ checkbox }) => checkbox.checked)
        .map(({ index, breakdown }) => {
          const before = mapping.valueColumns.find((column) => column.column === index);
          return {
            column: index,
            header: preview.headers[index] ?? '',
            breakdown: breakdownFromKey(breakdown.value),
            ...(before?.indicatorKey ? { indicatorKey: before.indicatorKey } : {}),
          };
        }),
    };
    form.setAttribute('aria-busy', 'true');
    try {
      await save({ mapping: next });
    } catch (error) {
      if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
      showMappingProblem(summary, error);
    } finally {
      form.removeAttribute('aria-busy');
    }
  });

  return subsection('mapping', t('import.mapping'), h('p', { class: 'hint' }, t('import.mappingHint')), form);
}

/** Columns the detection gave a meaning the form does not change (indicator per row, breakdown per row). @param {ImportPreview} preview */
function otherColumns(preview) {
  const { mapping } = preview;
  const notes = [
    mapping.indicatorColumn === null ? null : t('import.indicatorColumn', { column: columnName(preview, mapping.indicatorColumn) }),
    ...Object.entries(mapping.breakdownColumns ?? {}).map(([dimension, column]) =>
      t('import.breakdownColumn', { column: columnName(preview, column), dimension: t(`monitoring.dimension.${dimension}`) }),
    ),
  ].filter((note) => note !== null);
  return notes.length === 0
    ? null
    : h(
        'ul',
        { class: 'hint' },
        notes.map((note) => h('li', {}, note)),
      );
}

/** @param {Record<string, string>} breakdown */
function breakdownKeyOf(breakdown) {
  const parts = Object.keys(breakdown)
    .sort()
    .map((dimension) => `${dimension}=${breakdown[dimension]}`);
  return parts.length === 0 ? 'total' : parts.join(';');
}

/** @param {HTMLElement} summary @param {ApiError | NetworkError} error */
function showMappingProblem(summary, error) {
  if (error instanceof NetworkError) summary.append(h('p', {}, t('error.network')));
  else {
    const errors = error.problem.errors ?? [];
    summary.append(h('p', {}, errors.length > 0 ? t('import.mappingInvalid') : monitoringProblem(error.problem, error.status)));
    if (errors.length > 0)
      summary.append(
        h(
          'ul',
          {},
          errors.map((fieldError) => {
            const name = String(fieldError.field).replace(/^mapping\./, '');
            const label = has(`import.${name.split('.')[0]}`) ? t(`import.${name.split('.')[0]}`) : name;
            return h('li', {}, `${label}: ${describeFieldError(fieldError, undefined, undefined).text}`);
          }),
        ),
      );
  }
  summary.focus();
}

/** The first rows of the file as they are, with the header row and the rows not read marked. @param {ImportPreview} preview */
export function rowsSection(preview) {
  const columns = Array.from({ length: columnCount(preview) }, (_, index) => index);
  const { headerRow, firstDataRow, lastDataRow } = preview.mapping;
  const rowNote = (/** @type {number} */ index) =>
    index === headerRow ? t('import.headerRowMark') : index < firstDataRow || index > lastDataRow ? t('import.notReadMark') : null;
  return subsection(
    'file-rows',
    t('import.rows'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'file-rows', tabindex: '0' },
        h('caption', {}, t('import.rowsCaption', { shown: preview.rows.length, total: formatNumber(preview.rowCount) })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('import.col.row')),
            columns.map((index) => h('th', { scope: 'col' }, columnLetter(index))),
          ),
        ),
        h(
          'tbody',
          {},
          preview.rows.map((row, index) =>
            h(
              'tr',
              { class: index === headerRow ? 'header-row' : null },
              h('th', { scope: 'row' }, String(index + 1), rowNote(index) ? h('span', { class: 'meta block' }, rowNote(index)) : null),
              columns.map((column) => h('td', {}, row[column] ?? '')),
            ),
          ),
        ),
      ),
    ),
  );
}

/** The values as they will be stored, the first ones. @param {ImportPreview} preview @param {IndicatorChoice[]} indicators */
export function sampleSection(preview, indicators) {
  if (preview.sample.length === 0) return subsection('sample', t('import.sample'), h('p', {}, t('import.noSample')));
  const text = (/** @type {ParsedValue} */ value) => {
    if (value.status !== 'value') return has(`monitoring.status.${value.status}`) ? t(`monitoring.status.${value.status}`) : value.status;
    if (value.value === null) return t('monitoring.missing');
    const indicator = indicators.find((candidate) => candidate.key === value.indicatorKey);
    return indicator ? formatValue(value.value, indicator.unit, indicator.decimals) : formatNumber(value.value);
  };
  const name = (/** @type {string} */ key) => indicators.find((candidate) => candidate.key === key)?.name ?? key;
  return subsection(
    'sample',
    t('import.sample'),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        {},
        h('caption', {}, t('import.sampleCaption', { shown: preview.sample.length, total: formatNumber(preview.valueCount) })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['cell', 'indicator', 'period', 'breakdown', 'area', 'value', 'caseCount'].map((column) => h('th', { scope: 'col' }, t(`import.col.${column}`))),
          ),
        ),
        h(
          'tbody',
          {},
          preview.sample.map((value) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, `${columnLetter(value.column)}${value.row + 1}`),
              h('td', {}, name(value.indicatorKey)),
              h('td', {}, value.period),
              h('td', {}, breakdownLabel(breakdownKeyOf(value.breakdown))),
              h('td', {}, value.area),
              h('td', { class: 'number' }, text(value)),
              h('td', { class: 'number' }, value.caseCount === null ? '' : formatNumber(value.caseCount)),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * An issue in the user's language by its code; the API's message (English)
 * for a code the UI does not know, marked as English.
 *
 * @param {import('../monitoring-api.js').ImportIssue} issue
 */
function issueMessage(issue) {
  if (has(`importIssue.${issue.code}`)) return t(`importIssue.${issue.code}`);
  return getLocale() === 'en' ? issue.message : h('span', { lang: 'en' }, issue.message);
}

/**
 * Every problem of the file, with its place (row and column as a
 * spreadsheet counts them), the cell's text and what is wrong, said in the
 * user's language by its code; a code the UI does not know keeps the API's
 * message.
 *
 * @param {ImportPreview} preview
 */
export function issuesSection(preview) {
  const { issues } = preview;
  return subsection(
    'issues',
    tCount('import.issues', issues.length, { count: issues.length }),
    issues.length === 0
      ? h('p', {}, t('import.noIssues'))
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { id: 'issues-table', 'aria-labelledby': 'issues-heading' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['row', 'column', 'value', 'message'].map((column) => h('th', { scope: 'col' }, t(`import.col.${column}`))),
              ),
            ),
            h(
              'tbody',
              {},
              issues.map((issue) =>
                h(
                  'tr',
                  { 'data-code': issue.code },
                  h('th', { scope: 'row' }, issue.row === null ? t('import.wholeFile') : String(issue.row)),
                  h('td', {}, issue.column === null ? '' : `${columnLetter(issue.column - 1)} (${issue.column})`),
                  h('td', { class: 'text' }, issue.value ?? ''),
                  h('td', { class: 'text' }, issueMessage(issue)),
                ),
              ),
            ),
          ),
        ),
  );
}
