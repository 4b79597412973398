import { ApiError, NetworkError, newIdempotencyKey } from './api.js';
import { h } from './dom.js';
import { formatNumber } from './format.js';
import { getLocale, has, t, tCount } from './i18n/index.js';

/**
 * One form field. `lines` is a textarea whose non-empty lines become a string
 * array; `radio` and `select` offer `choices`, with `value` chosen at the
 * start; `checkboxes` offer `choices` too and give the array of the checked
 * values, `values` checked at the start. Other fields start with `value`.
 * `errorFields` names further API error fields shown at this field (the
 * vote's `optionId` belongs to its `choice`).
 *
 * @typedef {{name: string, type: 'text' | 'email' | 'password' | 'textarea' | 'lines' | 'date' | 'number' | 'radio' | 'select' | 'checkboxes',
 *   label: string, hint?: string, required?: boolean, autocomplete?: string, step?: string,
 *   suggestions?: string[], choices?: Array<{value: string, label: string}>, value?: string, values?: string[], errorFields?: string[]}} FieldSpec
 */

/**
 * One entry of a 422's `errors[]`: a stable `code` with `params` to say it in
 * the user's language, and the API's English `message` for codes the UI does
 * not know.
 *
 * @typedef {{field: string, code?: string, message: string, params?: Record<string, string | number>}} FieldError
 * @typedef {{text: string, lang?: string}} Message a text to show; `lang` when it is not in the page's language
 */

/**
 * A form whose fields follow `fields`. Validation is the API's job (one rule,
 * one place): the form sends what was typed and shows the problem+json answer
 * — `detail` above the fields, each `errors[]` entry at its field, said in the
 * user's language from its code.
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
        showProblem(form, summary, id, fields, error, values);
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

  if (field.type === 'radio' || field.type === 'checkboxes') {
    const type = field.type === 'radio' ? 'radio' : 'checkbox';
    return h(
      'fieldset',
      { class: type === 'checkbox' ? 'field checkboxes' : 'field', id: controlId, 'aria-describedby': hintId },
      h('legend', {}, labelText),
      hint,
      error,
      (field.choices ?? []).map((choice, index) => {
        const choiceId = `${controlId}-${index}`;
        return h(
          'div',
          { class: 'choice' },
          h('input', {
            type,
            id: choiceId,
            name: field.name,
            value: choice.value,
            required: type === 'radio' && field.required,
            checked: type === 'radio' ? choice.value === field.value : field.values?.includes(choice.value),
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
      ? h('textarea', { ...common, rows: field.type === 'lines' ? 4 : 3 }, field.value)
      : field.type === 'select'
        ? h(
            'select',
            common,
            // Without a value chosen at the start, the first entry asks for a choice.
            field.value ? null : h('option', { value: '' }, t('form.choose')),
            (field.choices ?? []).map((choice) => h('option', { value: choice.value, selected: choice.value === field.value }, choice.label)),
          )
        : h('input', {
            ...common,
            type: field.type,
            step: field.step,
            inputmode: field.type === 'number' ? 'decimal' : null,
            list: listId,
            value: field.value,
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
    if (field.type === 'checkboxes') {
      const checked = [...form.querySelectorAll(`input[name="${field.name}"]:checked`)].map((box) => /** @type {HTMLInputElement} */ (box).value);
      if (checked.length > 0 || field.required) values[field.name] = checked;
      continue;
    }
    const control = /** @type {HTMLInputElement} */ (form.querySelector(`#${formId}-${field.name}`));
    const raw = field.type === 'password' ? control.value : control.value.trim();
    if (field.type === 'number') {
      if (control.validity.badInput) unreadable.set(field.name, t('form.notANumber'));
      else if (raw !== '') values[field.name] = Number(raw);
    } else if (field.type === 'date' && control.validity.badInput) {
      // A date typed only in part reads as '' and would be reported as missing.
      unreadable.set(field.name, t('form.notADate'));
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

/**
 * Clears a form's error messages, their marks and their aria-describedby links.
 *
 * @param {HTMLFormElement} form @param {HTMLElement} summary
 */
export function clearProblem(form, summary) {
  summary.replaceChildren();
  for (const error of form.querySelectorAll('.field-error')) {
    error.textContent = '';
    error.setAttribute('hidden', '');
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (describedBy.length > 0) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

/**
 * @param {HTMLFormElement} form @param {HTMLElement} summary @param {string} formId
 * @param {FieldSpec[]} fields @param {ApiError} error @param {Record<string, unknown>} values what was sent
 */
function showProblem(form, summary, formId, fields, error, values) {
  /** @type {Map<string, Message[]>} */
  const byField = new Map();
  /** @type {Array<{field: string, message: Message}>} */
  const unplaced = [];
  for (const fieldError of error.problem.errors ?? []) {
    // "goals.0" or "goals[0]" belongs to the goals field.
    const name = String(fieldError.field).split(/[.[]/)[0] ?? '';
    const owner = fields.find((spec) => spec.name === name || spec.errorFields?.includes(name));
    const message = describeFieldError(fieldError, owner, owner ? values[owner.name] : undefined);
    if (!owner) unplaced.push({ field: String(fieldError.field), message });
    else if (!byField.get(owner.name)?.some((shown) => shown.text === message.text)) {
      byField.set(owner.name, [...(byField.get(owner.name) ?? []), message]);
    }
  }
  // With field errors the fields say what is wrong; the summary only points there.
  const detail = byField.size > 0 ? t('form.fixFields') : (error.problem.detail ?? t(`error.status.${error.status}`));
  summary.append(h('p', {}, detail));
  if (unplaced.length > 0)
    summary.append(
      h(
        'ul',
        {},
        // A field the form does not have is named as the API names it.
        unplaced.map(({ field, message }) => h('li', {}, field === '(body)' ? null : `${field}: `, messageNode(message))),
      ),
    );
  markFields(form, formId, fields, byField);
  focusFirstProblem(form, summary);
}

/**
 * An API field error in the user's language, from its `code` and `params`.
 * The field it belongs to refines the wording: a radio group asks for a
 * choice, a date field left empty asks for a date, and an error on one line
 * of a `lines` field names the line. Codes (or params) the catalogue does not
 * know keep the API's English message, marked as English.
 *
 * @param {FieldError} error
 * @param {FieldSpec | undefined} spec the form field it is shown at
 * @param {unknown} value what the form sent for that field
 * @returns {Message}
 */
export function describeFieldError(error, spec, value) {
  const text = fieldErrorText(error, spec, value);
  if (text === null) return { text: String(error.message ?? ''), lang: getLocale() === 'en' ? undefined : 'en' };
  const [name, index] = String(error.field).split(/[.[\]]+/);
  if (spec?.type === 'lines' && name === spec.name && index !== undefined && /^\d+$/.test(index)) {
    return { text: t('validation.line', { line: Number(index) + 1, message: text }) };
  }
  return { text };
}

/**
 * @param {FieldError} error @param {FieldSpec | undefined} spec @param {unknown} value
 * @returns {string | null} null when the code cannot be said in the catalogue's words
 */
function fieldErrorText({ field, code = '', params = {} }, spec, value) {
  const name = String(field).split(/[.[]/)[0] ?? '';
  const blank = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  // The vote's `optionId` is shown at `choice`, but is not the radio group itself.
  const own = spec?.name === name ? spec : undefined;
  if (has(`validation.field.${name}.${code}`)) return t(`validation.field.${name}.${code}`);
  if ((own?.type === 'radio' || own?.type === 'select') && (code === 'required' || code === 'invalid_value' || (blank && code === 'invalid_type'))) {
    return t('validation.choose');
  }
  if (own?.type === 'date') {
    if (blank && ['required', 'empty', 'invalid_format', 'invalid_type'].includes(code)) return t('validation.dateMissing');
    // The API checks deadlines as date-times; the field asks for a date.
    if (code === 'invalid_format') return t('validation.invalid_format.date');
  }
  switch (code) {
    case 'too_small':
    case 'too_big': {
      const limit = Number(code === 'too_small' ? params.minimum : params.maximum);
      if (!Number.isFinite(limit)) return null;
      if (params.origin === 'number') return t(`validation.${code}.number`, { [code === 'too_small' ? 'minimum' : 'maximum']: formatNumber(limit) });
      if (params.origin === 'string' || params.origin === 'array') return tCount(`validation.${code}.${params.origin}`, limit, { count: formatNumber(limit) });
      return null;
    }
    case 'invalid_type':
    case 'invalid_format': {
      const detail = code === 'invalid_type' ? params.expected : params.format;
      return has(`validation.${code}.${detail}`) ? t(`validation.${code}.${detail}`) : t(`validation.${code}`);
    }
    case 'invalid_value':
      return params.allowed === undefined ? null : t('validation.invalid_value', { allowed: String(params.allowed) });
    default:
      return SIMPLE_CODES.includes(code) ? t(`validation.${code}`) : null;
  }
}

/** Codes whose message needs no parameters: `validation.<code>` in the catalogues. */
const SIMPLE_CODES = [
  'required',
  'empty',
  'unknown_field',
  'not_in_future',
  'invalid_choice',
  'unknown_option',
  'not_allowed',
  'not_in_past',
  'same_assignee',
  'before_from',
  'same_person',
  'not_a_member',
  'duplicate',
  'unknown_mandate',
];

/** @param {Message} message */
function messageNode({ text, lang }) {
  return lang ? h('span', { lang }, text) : text;
}

/**
 * @param {HTMLFormElement} form @param {HTMLElement} summary @param {string} formId
 * @param {FieldSpec[]} fields @param {Map<string, string>} byField
 */
function showFieldErrors(form, summary, formId, fields, byField) {
  summary.append(h('p', {}, t('form.fixFields')));
  markFields(form, formId, fields, new Map([...byField].map(([name, text]) => [name, [{ text }]])));
  focusFirstProblem(form, summary);
}

/**
 * Shows each message above its field and ties it to the control with
 * aria-describedby, so it is read when the field gets focus.
 *
 * @param {HTMLFormElement} form @param {string} formId @param {FieldSpec[]} fields @param {Map<string, Message[]>} byField
 */
function markFields(form, formId, fields, byField) {
  for (const field of fields) {
    const messages = byField.get(field.name);
    if (!messages?.length) continue;
    const controlId = `${formId}-${field.name}`;
    const error = /** @type {HTMLElement} */ (form.querySelector(`#${controlId}-error`));
    error.replaceChildren(...messages.flatMap((message, index) => (index === 0 ? [messageNode(message)] : [' ', messageNode(message)])));
    error.removeAttribute('hidden');
    const grouped = field.type === 'radio' || field.type === 'checkboxes';
    const controls = grouped ? form.querySelectorAll(`input[name="${field.name}"]`) : [form.querySelector(`#${controlId}`)];
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
