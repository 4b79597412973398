import { ApiError } from '../api.js';
import { definitionList, h } from '../dom.js';
import { buildForm } from '../forms.js';
import { formatNumber } from '../format.js';
import { has, t } from '../i18n/index.js';
import { dataPointsForm } from './task-data-points.js';

/** @typedef {import('../forms.js').FieldSpec} FieldSpec */
/** @typedef {import('../office-api.js').Task} Task */
/** @typedef {(action: string, payload: Record<string, unknown>, idempotencyKey: string) => Promise<void>} Perform */

/**
 * The output each task type asks for, written out per type so that every
 * field has a proper label; the names are the API's output keys, so its
 * field errors land at the right field. data-request has its own form with a
 * repeatable list of data points. A hint is given by its message key.
 *
 * @type {Record<string, Array<[name: string, type: FieldSpec['type'], required: boolean, extra?: Partial<FieldSpec>]>>}
 */
const OUTPUT_FIELDS = {
  consult: [
    ['notes', 'textarea', true],
    ['actors', 'lines', true, { hint: 'output.actors.hint' }],
  ],
  options: [
    ['title', 'text', true],
    ['description', 'textarea', true],
    ['cost', 'number', false, { step: '0.01' }],
    ['resources', 'text', false],
    ['expectedEffect', 'textarea', false],
  ],
  'compile-dossier': [['summary', 'textarea', true]],
  implement: [['summary', 'textarea', true]],
  'progress-report': [
    ['text', 'textarea', true],
    ['percent', 'number', false, { step: '1' }],
  ],
  evaluate: [['summary', 'textarea', true]],
  'release-data': [['summary', 'textarea', true]],
  general: [['note', 'textarea', false]],
};

/** Whether the UI has its own form for a type; for others the view fetches the type's schema. @param {string} type */
export function knowsType(type) {
  return type === 'data-request' || type in OUTPUT_FIELDS;
}

/**
 * Fields for a type the UI does not know yet, from its JSON Schema: strings,
 * numbers and lists of strings. Labels fall back to the key.
 *
 * @param {any} schema @returns {FieldSpec[]}
 */
function fieldsFromSchema(schema) {
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  return Object.entries(schema?.properties ?? {}).map(([name, property]) => {
    const type = /** @type {any} */ (property)?.type;
    /** @type {FieldSpec['type']} */
    const fieldType = type === 'number' || type === 'integer' ? 'number' : type === 'array' ? 'lines' : 'textarea';
    return { name, type: fieldType, label: has(`output.${name}`) ? t(`output.${name}`) : name, required: required.has(name), step: 'any' };
  });
}

/**
 * Field errors of the output come back as `output.<field>`; the form's fields
 * are named without the prefix.
 *
 * @param {unknown} error
 */
export function withoutOutputPrefix(error) {
  if (!(error instanceof ApiError) || !Array.isArray(error.problem.errors)) return error;
  const errors = error.problem.errors.map((fieldError) => ({ ...fieldError, field: String(fieldError.field).replace(/^output[.[]/, '') }));
  return new ApiError(error.status, { ...error.problem, errors });
}

/**
 * The form that completes the task with its output.
 *
 * @param {Task} task @param {Perform} perform @param {any} [schema] the type's output schema, for a type the UI does not know
 */
export function completeForm(task, perform, schema) {
  /** @param {Record<string, unknown>} output @param {string} key */
  const submit = async (output, key) => {
    try {
      await perform('complete', { output }, key);
    } catch (error) {
      throw withoutOutputPrefix(error);
    }
  };
  if (task.type === 'data-request')
    return dataPointsForm({ id: 'action-complete', indicator: task.params?.indicator ?? '', submitLabel: t('taskAction.complete'), onSubmit: submit });
  const fields = OUTPUT_FIELDS[task.type]
    ? OUTPUT_FIELDS[task.type].map(([name, type, required, extra]) => ({
        name,
        type,
        required,
        label: t(`output.${name}`),
        ...extra,
        hint: extra?.hint ? t(extra.hint) : undefined,
      }))
    : fieldsFromSchema(schema);
  return buildForm({ id: 'action-complete', fields, submitLabel: t('taskAction.complete'), onSubmit: submit });
}

/**
 * A completed task's output in words: each key with its label, lists as
 * lists, data points as a table.
 *
 * @param {Record<string, unknown>} output
 */
export function outputView(output) {
  const label = (/** @type {string} */ key) => (has(`output.${key}`) ? t(`output.${key}`) : key);
  return definitionList(
    Object.entries(output)
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([key, value]) => [label(key), outputValue(value, label)]),
  );
}

/** @param {unknown} value @param {(key: string) => string} label @returns {Node | string} */
function outputValue(value, label) {
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) {
    return h(
      'ul',
      {},
      value.map((item) => h('li', {}, String(item))),
    );
  }
  if (Array.isArray(value)) {
    const columns = [...new Set(value.flatMap((item) => Object.keys(item ?? {})))];
    return h(
      'table',
      { class: 'compact' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, label(column))),
        ),
      ),
      h(
        'tbody',
        {},
        value.map((item) =>
          h(
            'tr',
            {},
            columns.map((column) => h('td', {}, item?.[column] === undefined || item[column] === null ? '' : outputValue(item[column], label))),
          ),
        ),
      ),
    );
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
