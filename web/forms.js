import { ApiError, NetworkError, newIdempotencyKey } from './api.js';
import { h } from './dom.js';
import { t } from './i18n/index.js';

/**
 * One form field. `lines` is a textarea whose non-empty lines become a string
 * array; `radio` offers `choices`, with `value` checked at the start.
 * `errorFields` names further API error fields shown at this field (the
 * vote's `optionId` belongs to its `choice`).
 *
 * @typedef {{name: string, type: 'text' | 'email' | 'password' | 'textarea' | 'lines' | 'date' | 'number' | 'radio',
 *   label: string, hint?: string, required?: boolean, autocomplete?: string, step?: string,
 *   suggestions?: string[], choices?: Array<{value: string, label: string}>, value?: string, errorFields?: string[]}} FieldSpec
 */

/**
 * A form whose fields follow `fields`. Validation is the API's job (one rule,
 * one place): the form sends what was typed and shows the problem+json answer
 * — `detail` above the fields, each `errors[]` message at its field.
 *
 * @param {{id: string, fields: FieldSpec[], submitLabel: string, submitClass?: string,
 *   onSubmit: (values: Record<string, unknown>, idempotencyKey: string) => Promise<void>}} options
 */
export function buildForm({ id, fields, submitLabel, submitClass, onSubmit }) {
  // Created empty with the form: a live region must exist before its text
  // changes for screen readers to announce the change.
  const summary = h('div', { id: `${id}-problem`, class: 'form-problem', role: 'alert', tabindex: '-1' });
  const form = h(
    'form',
    { id, novalidate: true },
    summary,
    fields.map((field) => buildField(id, field)),
    h('button', { type: 'submit', class: submitClass ?? 'button' }, submitLabel),
  );

  // One key per attempt: a double-click or a retry after a network failure
  // repeats the same key, so the server applies the action once. A new key is
  // taken only after the server has answered with an error.
  let idempotencyKey = newIdempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearProblem(form, summary);
    const values = readValues(form, id, fields);
    if (values instanceof Map) return showFieldErrors(form, summary, id, fields, values);
    form.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(values, idempotencyKey);
    } catch (error) {
      if (error instanceof ApiError) {
        idempotencyKey = newIdempotencyKey();
        showProblem(form, summary, id, fields, error);
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

/** @param {string} formId @param {FieldSpec} field */
function buildField(formId, field) {
  const controlId = `${formId}-${field.name}`;
  const hintId = field.hint ? `${controlId}-hint` : null;
  const labelText = [field.label, field.required ? null : h('span', { class: 'optional' }, ` ${t('form.optional')}`)];
  const hint = hintId ? h('p', { id: hintId, class: 'hint' }, field.hint) : null;
  const error = h('p', { id: `${controlId}-error`, class: 'field-error', hidden: true });

  if (field.type === 'radio') {
    return h(
      'fieldset',
      { class: 'field', id: controlId, 'aria-describedby': hintId },
      h('legend', {}, labelText),
      hint,
      error,
      (field.choices ?? []).map((choice, index) => {
        const choiceId = `${controlId}-${index}`;
        return h(
          'div',
          { class: 'choice' },
          h('input', {
            type: 'radio',
            id: choiceId,
            name: field.name,
            value: choice.value,
            required: field.required,
            checked: choice.value === field.value,
          }),
          h('label', { for: choiceId }, choice.label),
        );
      }),
    );
  }

  const common = {
    id: controlId,
    name: field.name,
    required: field.required,
    'aria-describedby': hintId,
    autocomplete: field.autocomplete,
  };
  const listId = field.suggestions?.length ? `${controlId}-suggestions` : null;
  const control =
    field.type === 'textarea' || field.type === 'lines'
      ? h('textarea', { ...common, rows: field.type === 'lines' ? 4 : 3 })
      : h('input', {
          ...common,
          type: field.type,
          step: field.step,
          inputmode: field.type === 'number' ? 'decimal' : null,
          list: listId,
        });
  const suggestions = listId
    ? h(
        'datalist',
        { id: listId },
        (field.suggestions ?? []).map((value) => h('option', { value })),
      )
    : null;
  return h('div', { class: 'field' }, h('label', { for: controlId }, labelText), hint, error, control, suggestions);
}

/**
 * The payload from the form: empty optional fields are left out, numbers are
 * numbers, `lines` are arrays. Returns a map of field errors instead when a
 * number field holds text the browser cannot read as a number.
 *
 * @param {HTMLFormElement} form @param {string} formId @param {FieldSpec[]} fields
 * @returns {Record<string, unknown> | Map<string, string>}
 */
function readValues(form, formId, fields) {
  /** @type {Record<string, unknown>} */
  const values = {};
  const unreadable = new Map();
  for (const field of fields) {
    if (field.type === 'radio') {
      const checked = form.querySelector(`input[name="${field.name}"]:checked`);
      if (checked instanceof HTMLInputElement) values[field.name] = checked.value;
      continue;
    }
    const control = /** @type {HTMLInputElement} */ (form.querySelector(`#${formId}-${field.name}`));
    const raw = field.type === 'password' ? control.value : control.value.trim();
    if (field.type === 'number') {
      if (control.validity.badInput) unreadable.set(field.name, t('form.notANumber'));
      else if (raw !== '') values[field.name] = Number(raw);
    } else if (field.type === 'lines') {
      const lines = raw
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      if (lines.length > 0 || field.required) values[field.name] = lines;
    } else if (raw !== '' || field.required) {
      // An empty required field is sent as '' so the API answers "must not
      // be empty" at that field rather than a message about a missing key.
      values[field.name] = raw;
    }
  }
  return unreadable.size > 0 ? unreadable : values;
}

/** @param {HTMLFormElement} form @param {HTMLElement} summary */
function clearProblem(form, summary) {
  summary.replaceChildren();
  for (const error of form.querySelectorAll('.field-error')) {
    error.textContent = '';
    error.setAttribute('hidden', '');
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error'));
    if (describedBy.length > 0) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

/**
 * @param {HTMLFormElement} form @param {HTMLElement} summary @param {string} formId
 * @param {FieldSpec[]} fields @param {ApiError} error
 */
function showProblem(form, summary, formId, fields, error) {
  /** @type {Map<string, string>} */
  const byField = new Map();
  const unplaced = [];
  for (const { field, message } of error.problem.errors ?? []) {
    // "goals.0" or "goals[0]" belongs to the goals field.
    const name = String(field).split(/[.[]/)[0];
    const owner = fields.find((spec) => spec.name === name || spec.errorFields?.includes(name));
    if (owner) byField.set(owner.name, byField.has(owner.name) ? `${byField.get(owner.name)} ${message}` : message);
    else unplaced.push(message);
  }
  // With field errors the fields say what is wrong; the summary only points there.
  const detail = byField.size > 0 ? t('form.fixFields') : (error.problem.detail ?? t(`error.status.${error.status}`));
  summary.append(h('p', {}, detail));
  if (unplaced.length > 0)
    summary.append(
      h(
        'ul',
        {},
        unplaced.map((message) => h('li', {}, message)),
      ),
    );
  markFields(form, formId, fields, byField);
  focusFirstProblem(form, summary);
}

/**
 * @param {HTMLFormElement} form @param {HTMLElement} summary @param {string} formId
 * @param {FieldSpec[]} fields @param {Map<string, string>} byField
 */
function showFieldErrors(form, summary, formId, fields, byField) {
  summary.append(h('p', {}, t('form.fixFields')));
  markFields(form, formId, fields, byField);
  focusFirstProblem(form, summary);
}

/**
 * Shows each message above its field and ties it to the control with
 * aria-describedby, so it is read when the field gets focus.
 *
 * @param {HTMLFormElement} form @param {string} formId @param {FieldSpec[]} fields @param {Map<string, string>} byField
 */
function markFields(form, formId, fields, byField) {
  for (const field of fields) {
    const message = byField.get(field.name);
    if (!message) continue;
    const controlId = `${formId}-${field.name}`;
    const error = /** @type {HTMLElement} */ (form.querySelector(`#${controlId}-error`));
    error.textContent = message;
    error.removeAttribute('hidden');
    const controls = field.type === 'radio' ? form.querySelectorAll(`input[name="${field.name}"]`) : [form.querySelector(`#${controlId}`)];
    for (const control of controls) {
      if (!control) continue;
      control.setAttribute('aria-invalid', 'true');
      const describedBy = control.getAttribute('aria-describedby');
      control.setAttribute('aria-describedby', describedBy ? `${describedBy} ${error.id}` : error.id);
    }
  }
}

/** @param {HTMLFormElement} form @param {HTMLElement} summary */
function focusFirstProblem(form, summary) {
  const invalid = form.querySelector('[aria-invalid="true"]');
  if (invalid instanceof HTMLElement) invalid.focus();
  else summary.focus();
}
