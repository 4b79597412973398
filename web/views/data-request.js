import { ApiError, NetworkError, newIdempotencyKey } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { describeFieldError } from '../forms.js';
import { formatNumber, timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import {
  breakdownChoices,
  breakdownFromKey,
  breakdownLabel,
  dimensionLabel,
  importHash,
  isOnlyDataProvider,
  monitoringProblem,
  requestIndicatorName,
  requestStatusBadge,
  requestsHash,
  unitLabel,
} from '../monitoring-labels.js';
import { dueNode, mandateHash, rolesIn, taskHash } from '../task-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../monitoring-api.js').DataRequest} DataRequest */
/** @typedef {import('../monitoring-api.js').AnswerPoint} AnswerPoint */

/**
 * One data request. The provider it is addressed to answers it here — one
 * row per period and breakdown, a value or a statistical sign and the case
 * count — or with a file on the import page; afterwards the page says that
 * the answer waits for the office's review. The office sees the answer and
 * goes to the task to review it.
 */
export async function dataRequestView(/** @type {ViewContext} */ ctx) {
  const { regionId, taskId } = ctx.params;
  const roles = rolesIn(ctx.session, regionId);
  const provider = isOnlyDataProvider(roles);
  const userId = ctx.session.user?.id ?? '';
  const root = h('div', { class: 'monitoring request' });

  /** @param {DataRequest} request */
  function draw(request) {
    const open = request.status === 'open' || request.status === 'claimed';
    // The API says whether the caller may answer; an older one without the flag: the person it is addressed to.
    const mayAnswer = Boolean(request.indicator) && (request.canAnswer ?? (open && request.provider?.id === userId));
    const parts = [
      h('p', { class: 'back' }, h('a', { href: requestsHash(regionId) }, t('request.back'))),
      h('h1', { tabindex: '-1' }, t('request.title', { indicator: requestIndicatorName(request) })),
      h('p', { class: 'lead' }, `${t('task.status')}: `, requestStatusBadge(request.status), ' · ', dueNode(asTask(request))),
      section('overview', t('request.overview'), overview(request, regionId, provider)),
      request.review?.decision === 'rejected' && open
        ? h('p', { class: 'notice', id: 'review-rejected' }, t('request.rejected', { comment: request.review.comment ?? '' }))
        : null,
      stateNote(request),
      request.answer ? section('answer-sent', t('request.answer'), answerView(request)) : null,
      !provider && request.status === 'in_review' ? h('p', {}, h('a', { href: taskHash(regionId, request.id) }, t('request.toTask'))) : null,
      mayAnswer ? answerSection(request) : null,
    ];
    root.replaceChildren(...parts.filter((part) => part !== null));
  }

  /** The answer form with the way to a file upload instead. @param {DataRequest} request */
  function answerSection(request) {
    return section(
      'answer-form-section',
      t('request.answerTitle'),
      h('p', { class: 'hint' }, t('request.answerHint')),
      answerForm(request, async (body, idempotencyKey) => {
        const updated = await monitoring.answer(regionId, taskId, body, idempotencyKey);
        draw(updated);
        ctx.announce(t('request.answered'));
        /** @type {HTMLElement | null} */ (root.querySelector('#request-state'))?.focus();
      }),
      h('p', {}, h('a', { href: importHash(regionId, taskId), id: 'answer-upload' }, t('request.uploadInstead'))),
    );
  }

  draw(await monitoring.dataRequest(regionId, taskId, ctx.signal));
  return root;
}

/** The due state words come from the task pages; a request is a task. @param {DataRequest} request */
function asTask(request) {
  return /** @type {import('../office-api.js').Task} */ (/** @type {unknown} */ ({ ...request, overdue: false, dueSoon: false, escalated: false }));
}

/** @param {DataRequest} request @param {string} regionId @param {boolean} provider */
function overview(request, regionId, provider) {
  return definitionList([
    [t('request.indicator'), requestIndicatorName(request)],
    [t('request.unit'), request.indicator ? unitLabel(request.indicator.unit) : null],
    [t('request.periods'), request.periods.join(', ')],
    [t('request.breakdowns'), request.indicator?.breakdowns.length ? request.indicator.breakdowns.map(dimensionLabel).join(', ') : null],
    [t('request.dueDate'), timeElement(request.dueDate)],
    [t('request.provider'), request.provider?.name ?? null],
    // A provider sees no mandates; the title tells them what the data is for.
    [
      t('request.mandate'),
      request.mandate ? (provider ? request.mandate.title : h('a', { href: mandateHash(regionId, request.mandate.id) }, request.mandate.title)) : null,
    ],
    [t('request.note'), request.note ? h('span', { class: 'prewrap' }, request.note) : null],
    [t('request.created'), timeElement(request.createdAt)],
  ]);
}

/** Where the request stands, once it has been answered. @param {DataRequest} request */
function stateNote(request) {
  const key =
    request.status === 'in_review'
      ? 'request.waiting'
      : request.status === 'done'
        ? 'request.accepted'
        : request.status === 'cancelled'
          ? 'request.cancelled'
          : null;
  return key ? h('p', { id: 'request-state', class: 'notice', tabindex: '-1' }, t(key)) : null;
}

/** The answered values as a table. @param {DataRequest} request */
function answerView(request) {
  const answer = /** @type {NonNullable<DataRequest['answer']>} */ (request.answer);
  const value = (/** @type {AnswerPoint} */ point) =>
    point.status && point.status !== 'value'
      ? t(`monitoring.status.${point.status}`)
      : point.value === null || point.value === undefined
        ? '–'
        : formatNumber(point.value);
  return [
    definitionList([
      [t('request.answeredBy'), answer.by?.name ?? null],
      // The API keeps the source with each value; one answer has one source.
      [t('request.source'), answer.source ?? answer.points[0]?.source ?? null],
      [t('request.fileName'), answer.fileName],
      [t('request.note'), answer.note ? h('span', { class: 'prewrap' }, answer.note) : null],
    ]),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { 'aria-labelledby': 'answer-sent-heading' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['period', 'breakdown', 'area', 'value', 'caseCount'].map((column) => h('th', { scope: 'col' }, t(`request.col.${column}`))),
          ),
        ),
        h(
          'tbody',
          {},
          answer.points.map((point) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, point.period),
              h('td', {}, breakdownLabel(keyOf(point.breakdown ?? {}))),
              h('td', {}, point.area ?? ''),
              h('td', { class: 'number' }, value(point)),
              h('td', { class: 'number' }, point.caseCount === null || point.caseCount === undefined ? '' : formatNumber(point.caseCount)),
            ),
          ),
        ),
      ),
    ),
  ];
}

/** @param {Record<string, string>} breakdown */
function keyOf(breakdown) {
  const entries = Object.entries(breakdown);
  return entries.length === 0 ? 'total' : entries.map(([dimension, category]) => `${dimension}=${category}`).join(';');
}

/**
 * A typed cell as the API takes it: empty is left out; "-", "." and "x" are
 * the statistical signs (nothing there, not known, withheld); a number may be
 * written the German way (1.234,5). Returns 'invalid' for anything else.
 *
 * @param {string} text @returns {{status: string, value?: number} | null | 'invalid'}
 */
export function readCell(text) {
  const raw = text.replace(/[\s\u00a0]/g, '');
  if (raw === '') return null;
  if (raw === '-' || raw === '–') return { status: 'none' };
  if (raw === '.') return { status: 'unknown' };
  if (raw.toLowerCase() === 'x') return { status: 'secret' };
  let normalized = null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(raw)) normalized = raw.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+(,\d+)?$/.test(raw)) normalized = raw.replace(',', '.');
  else if (/^-?\d+\.\d+$/.test(raw)) normalized = raw;
  return normalized === null ? 'invalid' : { status: 'value', value: Number(normalized) };
}

/**
 * One row per period and breakdown category with the value and the case
 * count; the inputs are named by their row and column headers. The API's
 * errors (`points.3.value`) are shown at the cell they name.
 *
 * @param {DataRequest} request
 * @param {(body: {points: AnswerPoint[], source?: string, note?: string}, idempotencyKey: string) => Promise<void>} submit
 */
function answerForm(request, submit) {
  const indicator = /** @type {NonNullable<DataRequest['indicator']>} */ (request.indicator);
  const categories = breakdownChoices(indicator.breakdowns);
  const cells = request.periods.flatMap((period, periodIndex) =>
    categories.map((category, categoryIndex) => ({ period, category: category.value, id: `answer-${periodIndex}-${categoryIndex}` })),
  );
  const summary = h('div', { id: 'answer-problem', class: 'form-problem', role: 'alert', tabindex: '-1' });
  const errorNode = (/** @type {string} */ controlId) => h('p', { id: `${controlId}-error`, class: 'field-error', hidden: true });
  const cellInput = (/** @type {string} */ id, /** @type {string} */ column, /** @type {'text' | 'number'} */ type) =>
    h(
      'td',
      {},
      errorNode(`${id}-${column}`),
      h('input', {
        id: `${id}-${column}`,
        type,
        class: 'cell-input',
        inputmode: type === 'number' ? 'numeric' : 'decimal',
        step: type === 'number' ? '1' : null,
        min: type === 'number' ? '0' : null,
        'aria-labelledby': `${id}-period ${id}-category answer-col-${column}`,
        // The signs' hint belongs to every value cell; error messages are added to it.
        'aria-describedby': column === 'value' ? 'answer-signs' : null,
        'data-hint': column === 'value' ? 'answer-signs' : null,
      }),
    );
  const source = h('input', { id: 'answer-source', name: 'source', type: 'text' });
  const note = h('textarea', { id: 'answer-note', name: 'note', rows: 3 });
  const form = h(
    'form',
    { id: 'answer', novalidate: true },
    summary,
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { id: 'answer-table' },
        h('caption', {}, t('request.answerCaption', { unit: unitLabel(indicator.unit) })),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('request.col.period')),
            h('th', { scope: 'col' }, t('request.col.breakdown')),
            h('th', { scope: 'col', id: 'answer-col-value' }, t('request.col.value')),
            h('th', { scope: 'col', id: 'answer-col-caseCount' }, t('request.col.caseCount')),
          ),
        ),
        h(
          'tbody',
          {},
          cells.map((cell) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row', id: `${cell.id}-period` }, cell.period),
              h('th', { scope: 'row', id: `${cell.id}-category` }, breakdownLabel(cell.category)),
              cellInput(cell.id, 'value', 'text'),
              cellInput(cell.id, 'caseCount', 'number'),
            ),
          ),
        ),
      ),
    ),
    h('p', { class: 'hint', id: 'answer-signs' }, t('request.signsHint')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'answer-source' }, t('request.source'), h('span', { class: 'optional' }, ` ${t('form.optional')}`)),
      errorNode('answer-source'),
      source,
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'answer-note' }, t('request.note'), h('span', { class: 'optional' }, ` ${t('form.optional')}`)),
      errorNode('answer-note'),
      note,
    ),
    h('button', { type: 'submit', id: 'answer-submit', class: 'button' }, t('request.submit')),
  );

  let idempotencyKey = newIdempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearErrors(form, summary);
    /** @type {AnswerPoint[]} */
    const points = [];
    /** @type {string[]} which cell each point came from, for the API's errors */
    const sentFrom = [];
    /** @type {Array<{controlId: string, text: string}>} */
    const local = [];
    for (const cell of cells) {
      const valueInput = /** @type {HTMLInputElement} */ (form.querySelector(`#${cell.id}-value`));
      const countInput = /** @type {HTMLInputElement} */ (form.querySelector(`#${cell.id}-caseCount`));
      const read = readCell(valueInput.value);
      if (read === 'invalid') local.push({ controlId: valueInput.id, text: t('request.notAValue') });
      if (countInput.validity.badInput) local.push({ controlId: countInput.id, text: t('form.notANumber') });
      if (read === null && countInput.value.trim() !== '') local.push({ controlId: valueInput.id, text: t('request.valueMissing') });
      if (read === null || read === 'invalid') continue;
      const breakdown = breakdownFromKey(cell.category);
      points.push({
        period: cell.period,
        ...(Object.keys(breakdown).length > 0 ? { breakdown } : {}),
        ...read,
        ...(countInput.value.trim() === '' ? {} : { caseCount: Number(countInput.value) }),
      });
      sentFrom.push(cell.id);
    }
    if (local.length > 0) return showErrors(form, summary, local, []);
    if (points.length === 0) {
      summary.append(h('p', {}, t('request.noValues')));
      /** @type {HTMLElement | null} */ (form.querySelector('.cell-input'))?.focus();
      return;
    }
    const body = { points, ...(source.value.trim() ? { source: source.value.trim() } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) };
    form.setAttribute('aria-busy', 'true');
    try {
      await submit(body, idempotencyKey);
    } catch (error) {
      if (error instanceof ApiError) {
        idempotencyKey = newIdempotencyKey();
        const placed = [];
        const unplaced = [];
        for (const fieldError of error.problem.errors ?? []) {
          const text = describeFieldError(fieldError, undefined, undefined).text;
          const [, index, name] = /^points[.[](\d+)\]?\.?(\w+)?/.exec(String(fieldError.field)) ?? [];
          const cellId = index === undefined ? undefined : sentFrom[Number(index)];
          if (cellId) placed.push({ controlId: `${cellId}-${name === 'caseCount' ? 'caseCount' : 'value'}`, text });
          else if (fieldError.field === 'source' || fieldError.field === 'note') placed.push({ controlId: `answer-${fieldError.field}`, text });
          else unplaced.push(text);
        }
        if (placed.length === 0 && unplaced.length === 0) unplaced.push(monitoringProblem(error.problem, error.status));
        showErrors(form, summary, placed, unplaced);
      } else if (error instanceof NetworkError) {
        summary.textContent = t('error.network');
        summary.focus();
      } else throw error;
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

/** @param {HTMLFormElement} form @param {HTMLElement} summary */
function clearErrors(form, summary) {
  summary.replaceChildren();
  for (const error of form.querySelectorAll('.field-error')) {
    error.textContent = '';
    error.setAttribute('hidden', '');
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const hint = control.getAttribute('data-hint');
    if (hint) control.setAttribute('aria-describedby', hint);
    else control.removeAttribute('aria-describedby');
  }
}

/**
 * Each message at its control, tied to it with aria-describedby; the rest in
 * the summary. The focus goes to the first marked control.
 *
 * @param {HTMLFormElement} form @param {HTMLElement} summary
 * @param {Array<{controlId: string, text: string}>} placed @param {string[]} unplaced
 */
function showErrors(form, summary, placed, unplaced) {
  summary.append(h('p', {}, placed.length > 0 ? t('form.fixFields') : (unplaced.shift() ?? '')));
  if (unplaced.length > 0)
    summary.append(
      h(
        'ul',
        {},
        unplaced.map((text) => h('li', {}, text)),
      ),
    );
  for (const { controlId, text } of placed) {
    const message = form.querySelector(`#${controlId}-error`);
    const control = form.querySelector(`#${controlId}`);
    if (!message || !control) continue;
    message.textContent = message.textContent ? `${message.textContent} ${text}` : text;
    message.removeAttribute('hidden');
    control.setAttribute('aria-invalid', 'true');
    const hint = control.getAttribute('data-hint');
    control.setAttribute('aria-describedby', hint ? `${hint} ${message.id}` : message.id);
  }
  const invalid = form.querySelector('[aria-invalid="true"]');
  if (invalid instanceof HTMLElement) invalid.focus();
  else summary.focus();
}
