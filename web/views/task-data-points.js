import { ApiError, NetworkError, newIdempotencyKey } from '../api.js';
import { h } from '../dom.js';
import { clearProblem, describeFieldError } from '../forms.js';
import { t } from '../i18n/index.js';

/** @typedef {import('../forms.js').FieldSpec} FieldSpec */
/** @typedef {Record<string, string>} PointValues what is typed into one data point, by field name */

/** The fields of one data point; the names are the API's keys. @type {Array<[name: string, type: 'text' | 'number', required: boolean]>} */
const POINT_FIELDS = [
  ['indicator', 'text', true],
  ['period', 'text', true],
  ['value', 'number', true],
  ['unit', 'text', false],
  ['source', 'text', false],
];

/**
 * The output of a data request: a list of data points, one fieldset each,
 * with buttons to add and remove points. Behaves like buildForm's forms: the
 * API validates, and its field errors (`points.1.value`) are shown at the
 * field they name, in the user's language.
 *
 * @param {{id: string, indicator: string, submitLabel: string,
 *   onSubmit: (output: {points: Array<Record<string, unknown>>}, idempotencyKey: string) => Promise<void>}} options
 */
export function dataPointsForm({ id, indicator, submitLabel, onSubmit }) {
  const summary = h('div', { id: `${id}-problem`, class: 'form-problem', role: 'alert', tabindex: '-1' });
  const listError = h('p', { id: `${id}-points-error`, class: 'field-error', hidden: true });
  const list = h('div', { class: 'points' });
  const status = h('p', { class: 'visually-hidden', role: 'status' });
  /** @type {PointValues[]} */
  let points = [{ indicator }];

  const controlId = (/** @type {number} */ index, /** @type {string} */ name) => `${id}-points-${index}-${name}`;

  /** What is typed now, so a redraw (add, remove) keeps it. */
  function readTyped() {
    return points.map((_, index) =>
      Object.fromEntries(
        POINT_FIELDS.map(([name]) => [name, /** @type {HTMLInputElement | null} */ (form.querySelector(`#${controlId(index, name)}`))?.value ?? '']),
      ),
    );
  }

  function drawPoints() {
    list.replaceChildren(
      ...points.map((values, index) => {
        const number = index + 1;
        const remove =
          points.length > 1
            ? h('button', { type: 'button', class: 'button small secondary', id: `${id}-points-${index}-remove` }, t('output.removePoint', { number }))
            : null;
        remove?.addEventListener('click', () => {
          points = readTyped().filter((_, other) => other !== index);
          drawPoints();
          status.textContent = t('output.pointRemoved');
          /** @type {HTMLElement | null} */ (form.querySelector(`#${controlId(Math.min(index, points.length - 1), 'indicator')}`))?.focus();
        });
        return h(
          'fieldset',
          { class: 'point' },
          h('legend', {}, t('output.point', { number })),
          POINT_FIELDS.map(([name, type, required]) => pointField(controlId(index, name), name, type, required, values[name] ?? '')),
          remove,
        );
      }),
    );
  }

  const add = h('button', { type: 'button', id: `${id}-add-point`, class: 'button secondary' }, t('output.addPoint'));
  add.addEventListener('click', () => {
    points = [...readTyped(), { indicator }];
    drawPoints();
    status.textContent = t('output.pointAdded', { number: points.length });
    /** @type {HTMLElement | null} */ (form.querySelector(`#${controlId(points.length - 1, 'indicator')}`))?.focus();
  });

  const form = h(
    'form',
    { id, novalidate: true },
    summary,
    h('fieldset', { class: 'field points-group', 'aria-describedby': listError.id }, h('legend', {}, t('output.points')), listError, list, add, status),
    h('button', { type: 'submit', class: 'button' }, submitLabel),
  );
  drawPoints();

  let idempotencyKey = newIdempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearProblem(form, summary);
    const typed = readTyped();
    const unreadable = typed.flatMap((_, index) => {
      const control = /** @type {HTMLInputElement} */ (form.querySelector(`#${controlId(index, 'value')}`));
      return control.validity.badInput ? [{ field: `points.${index}.value`, message: t('form.notANumber') }] : [];
    });
    if (unreadable.length > 0)
      return show(
        form,
        summary,
        id,
        unreadable.map((error) => ({ ...error, text: error.message })),
      );
    form.setAttribute('aria-busy', 'true');
    try {
      await onSubmit({ points: typed.map(toPoint) }, idempotencyKey);
    } catch (error) {
      if (error instanceof ApiError) {
        idempotencyKey = newIdempotencyKey();
        const errors = (error.problem.errors ?? []).map((fieldError) => ({
          field: String(fieldError.field),
          text: describeFieldError(fieldError, specFor(String(fieldError.field)), valueAt(typed, String(fieldError.field))).text,
        }));
        if (errors.length === 0) summary.append(h('p', {}, error.problem.detail ?? t(`error.status.${error.status}`)));
        show(form, summary, id, errors);
      } else if (error instanceof NetworkError) {
        summary.textContent = t('error.network');
        summary.focus();
      } else {
        throw error;
      }
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}

/** @param {string} controlId @param {string} name @param {'text' | 'number'} type @param {boolean} required @param {string} value */
function pointField(controlId, name, type, required, value) {
  const hintId = name === 'period' ? `${controlId}-hint` : null;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: controlId }, t(`output.${name}`), required ? null : h('span', { class: 'optional' }, ` ${t('form.optional')}`)),
    hintId ? h('p', { id: hintId, class: 'hint' }, t('output.period.hint')) : null,
    h('p', { id: `${controlId}-error`, class: 'field-error', hidden: true }),
    h('input', {
      id: controlId,
      name,
      type,
      required,
      value,
      step: type === 'number' ? 'any' : null,
      inputmode: type === 'number' ? 'decimal' : null,
      'aria-describedby': hintId,
    }),
  );
}

/** A typed point as the API takes it: numbers as numbers, empty optional fields left out. @param {PointValues} values */
function toPoint(values) {
  /** @type {Record<string, unknown>} */
  const point = {};
  for (const [name, type, required] of POINT_FIELDS) {
    const raw = (values[name] ?? '').trim();
    if (type === 'number') {
      if (raw !== '') point[name] = Number(raw);
    } else if (raw !== '' || required) point[name] = raw;
  }
  return point;
}

/** "points.1.value" → its field's spec, for the wording of the message. @param {string} field @returns {FieldSpec | undefined} */
function specFor(field) {
  const name =
    field
      .split(/[.[\]]+/)
      .filter(Boolean)
      .pop() ?? '';
  const spec = POINT_FIELDS.find(([candidate]) => candidate === name);
  return spec ? { name, type: spec[1], label: '' } : undefined;
}

/** @param {PointValues[]} typed @param {string} field */
function valueAt(typed, field) {
  const [, index, name] = /^points[.[](\d+)\]?\.?(\w+)?/.exec(field) ?? [];
  return index !== undefined && name ? typed[Number(index)]?.[name] : undefined;
}

/**
 * Each error at its control (`points.<i>.<name>`), errors about the list as a
 * whole above it, the rest in the summary; then the focus goes to the first.
 *
 * @param {HTMLFormElement} form @param {HTMLElement} summary @param {string} id @param {Array<{field: string, text: string}>} errors
 */
function show(form, summary, id, errors) {
  /** @type {Array<{field: string, text: string}>} */
  const unplaced = [];
  for (const { field, text } of errors) {
    const [, index, name] = /^points[.[](\d+)\]?\.?(\w+)?/.exec(field) ?? [];
    const target = index !== undefined && name ? `${id}-points-${index}-${name}` : field === 'points' ? `${id}-points` : null;
    const message = target ? form.querySelector(`#${target}-error`) : null;
    if (!target || !message) {
      unplaced.push({ field, text });
      continue;
    }
    message.textContent = message.textContent ? `${message.textContent} ${text}` : text;
    message.removeAttribute('hidden');
    const control = form.querySelector(`#${target}`);
    if (control && control.getAttribute('aria-invalid') !== 'true') {
      control.setAttribute('aria-invalid', 'true');
      const describedBy = control.getAttribute('aria-describedby');
      control.setAttribute('aria-describedby', describedBy ? `${describedBy} ${message.id}` : message.id);
    }
  }
  if (errors.length > unplaced.length) summary.prepend(h('p', {}, t('form.fixFields')));
  if (unplaced.length > 0)
    summary.append(
      h(
        'ul',
        {},
        unplaced.map(({ field, text }) => h('li', {}, field === '(body)' ? text : `${field}: ${text}`)),
      ),
    );
  const invalid = form.querySelector('[aria-invalid="true"]');
  if (invalid instanceof HTMLElement) invalid.focus();
  else summary.focus();
}
