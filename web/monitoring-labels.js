import { ApiError } from './api.js';
import { h } from './dom.js';
import { getLocale, has, t } from './i18n/index.js';

/**
 * Words and numbers of the education monitoring: areas, units, breakdowns,
 * value statuses, and values formatted as the statistics offices write them.
 * Numbers are German in both languages (see format.js).
 *
 * @typedef {{de: string, en: string}} LocalizedText
 * @typedef {{value: number, period: string | null}} IndicatorTarget
 * @typedef {{key: string, area: string, name: LocalizedText, definition: LocalizedText, unit: string, decimals: number, source: string,
 *   breakdowns: string[], higherIsBetter: boolean | null, custom: boolean, target: IndicatorTarget | null}} Indicator
 * @typedef {{period: string, breakdownKey: string, breakdown: Record<string, string>, area: string, version: number,
 *   value: number | null, status: string, suppressed: boolean, source: string, referenceDate: string | null}} PresentedValue
 */

/** The areas of the municipal monitoring guideline, in its order; the API sends the same list. */
export const AREAS = ['framework', 'early-childhood', 'general-schools', 'vocational-training', 'higher-education', 'further-education', 'non-formal-learning'];
export const UNITS = ['percent', 'count', 'per-1000', 'ratio', 'euro'];
export const VALUE_STATUSES = ['value', 'none', 'unknown', 'secret'];

/** The breakdowns and their categories, as in domain/monitoring/types.ts. @type {Record<string, string[]>} */
export const DIMENSIONS = {
  sex: ['female', 'male', 'diverse'],
  nationality: ['german', 'foreign'],
  schoolType: ['grundschule', 'hauptschule', 'realschule', 'gymnasium', 'gesamtschule', 'foerderschule', 'berufliche-schule'],
};

/** A label from the catalogue, or the API's word for a value the UI does not know yet. @param {string} key @param {string} fallback */
const label = (key, fallback) => (has(key) ? t(key) : fallback);

export const areaLabel = (/** @type {string} */ area) => label(`monitoring.area.${area}`, area);
export const unitLabel = (/** @type {string} */ unit) => label(`monitoring.unit.${unit}`, unit);
export const dimensionLabel = (/** @type {string} */ dimension) => label(`monitoring.dimension.${dimension}`, dimension);
export const categoryLabel = (/** @type {string} */ dimension, /** @type {string} */ category) =>
  label(`monitoring.category.${dimension}.${category}`, category);

/** The indicator's name or definition in the page's language. @param {LocalizedText} text */
export function localized(text) {
  return (getLocale() === 'en' ? text.en : text.de) || text.de || text.en;
}

/**
 * The name of a data request's indicator in the page's language; an older
 * request that names no indicator of the catalogue has only its text.
 *
 * @param {import('./monitoring-api.js').DataRequest} request
 */
export function requestIndicatorName(request) {
  const name = request.indicator?.name;
  if (!name) return request.indicatorText ?? request.title ?? '';
  return typeof name === 'string' ? name : localized(name);
}

/** `total` → {}; `nationality=foreign;sex=female` → {nationality: 'foreign', sex: 'female'}. @param {string} key */
export function breakdownFromKey(key) {
  if (!key || key === 'total') return {};
  return Object.fromEntries(key.split(';').map((part) => /** @type {[string, string]} */ (part.split('='))));
}

/** "Insgesamt", "weiblich", "nichtdeutsch, weiblich". @param {string} key */
export function breakdownLabel(key) {
  const parts = Object.entries(breakdownFromKey(key));
  if (parts.length === 0) return t('monitoring.total');
  return parts.map(([dimension, category]) => categoryLabel(dimension, category)).join(', ');
}

/**
 * The single cells an indicator can be broken down into, for pickers: the
 * total first, then each category of each of its breakdowns.
 *
 * @param {string[]} breakdowns @returns {Array<{value: string, label: string}>}
 */
export function breakdownChoices(breakdowns) {
  return [
    { value: 'total', label: t('monitoring.total') },
    ...breakdowns.flatMap((dimension) =>
      (DIMENSIONS[dimension] ?? []).map((category) => ({
        value: `${dimension}=${category}`,
        label: t('monitoring.breakdownChoice', { dimension: dimensionLabel(dimension), category: categoryLabel(dimension, category) }),
      })),
    ),
  ];
}

/** The first year of `2024` or `2024/25`, by which periods sort. @param {string} period */
function periodYear(period) {
  return Number(/^(\d{4})/.exec(period)?.[1] ?? Number.NaN);
}

/** Periods in time order, a year before the school year that starts in it. @param {string} a @param {string} b */
export function comparePeriods(a, b) {
  return periodYear(a) - periodYear(b) || a.length - b.length || a.localeCompare(b);
}

/** @type {Map<string, Intl.NumberFormat>} */
const formats = new Map();

/**
 * A number with exactly `decimals` places: 1.234,5 in German, 1,234.5 in
 * English. The app writes German numbers in both languages; a chart's table
 * follows the chart, which the server draws in the page's language.
 *
 * @param {number} value @param {number} decimals @param {'de' | 'en'} [lang]
 */
export function formatDecimal(value, decimals, lang = 'de') {
  const places = Math.min(Math.max(Math.trunc(decimals) || 0, 0), 6);
  const cacheKey = `${lang}${places}`;
  let format = formats.get(cacheKey);
  if (!format) {
    format = new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'de-DE', { minimumFractionDigits: places, maximumFractionDigits: places });
    formats.set(cacheKey, format);
  }
  return format.format(value);
}

/**
 * A number with its unit as the server's reports write it: "12,5 %",
 * "3,2 ‰", "1.234 €"; a count or a ratio stands alone. A no-break space
 * keeps the unit with the number.
 *
 * @param {number} value @param {string} unit @param {number} decimals @param {'de' | 'en'} [lang]
 */
export function formatValue(value, unit, decimals, lang = 'de') {
  const number = formatDecimal(value, decimals, lang);
  const space = lang === 'de' ? '\u00a0' : '';
  switch (unit) {
    case 'percent':
      return `${number}${space}%`;
    case 'per-1000':
      return `${number}${space}‰`;
    case 'euro':
      return lang === 'de' ? `${number}\u00a0€` : number.startsWith('-') ? `-€${number.slice(1)}` : `€${number}`;
    default:
      return number;
  }
}

/**
 * A value as shown: its number with the unit, or what stands in its place —
 * "gesperrt (kleine Fallzahl)" for a suppressed one, the statistical sign
 * with its meaning for the others ("– (nichts vorhanden)").
 *
 * @param {Pick<PresentedValue, 'value' | 'status' | 'suppressed'>} presented @param {Pick<Indicator, 'unit' | 'decimals'>} indicator
 */
export function valueText(presented, indicator) {
  if (presented.suppressed) return t('monitoring.suppressed');
  if (presented.status !== 'value') return label(`monitoring.status.${presented.status}`, presented.status);
  return presented.value === null ? t('monitoring.missing') : formatValue(presented.value, indicator.unit, indicator.decimals);
}

/**
 * Where a data request stands, in the words of someone answering it: a
 * request the provider holds is "offen" to them, not "in Bearbeitung". The
 * badge looks like a task's status.
 *
 * @param {string} status
 */
export function requestStatusBadge(status) {
  return h('span', { class: `task-status status-${status}` }, label(`requestStatus.${status}`, status));
}

/** "Ein höherer Wert ist besser" and its kin. @param {boolean | null} higherIsBetter */
export function directionLabel(higherIsBetter) {
  return t(`monitoring.direction.${higherIsBetter === null ? 'neutral' : higherIsBetter ? 'higher' : 'lower'}`);
}

/** @param {string} regionId */
export const regionHash = (regionId) => `#/regions/${encodeURIComponent(regionId)}`;
/** @param {string} regionId */
export const catalogueHash = (regionId) => `${regionHash(regionId)}/indicators`;
/** @param {string} regionId @param {string} key */
export const indicatorHash = (regionId, key) => `${catalogueHash(regionId)}/${encodeURIComponent(key)}`;
/** @param {string} regionId @param {string} [taskId] */
export const importHash = (regionId, taskId) => `${regionHash(regionId)}/imports/new${taskId ? `?taskId=${encodeURIComponent(taskId)}` : ''}`;
/** @param {string} regionId */
export const requestsHash = (regionId) => `${regionHash(regionId)}/data-requests`;
/** @param {string} regionId @param {string} taskId */
export const requestHash = (regionId, taskId) => `${requestsHash(regionId)}/${encodeURIComponent(taskId)}`;
/** @param {string} regionId @param {string} mandateId */
export const dossierHash = (regionId, mandateId) => `${regionHash(regionId)}/mandates/${encodeURIComponent(mandateId)}/dossier`;

/**
 * A person whose only role in the region is answering data requests sees
 * nothing else of it; the pages send them to their requests.
 *
 * @param {string[]} roles
 */
export function isOnlyDataProvider(roles) {
  return roles.length > 0 && roles.every((role) => role === 'data_provider');
}

/** Whether the roles include the office's (the lead is office staff too). @param {string[]} roles */
export function isOffice(roles) {
  return roles.includes('office_staff') || roles.includes('office_lead');
}

/**
 * Why the API refused, in the user's language: by the problem's code when the
 * catalogue knows it (`problem.<code>`), else by its status. The task pages'
 * wording for a 409 speaks of tasks; here a conflict is about the data.
 *
 * @param {import('./api.js').Problem | undefined} problem @param {number} [status]
 */
export function monitoringProblem(problem, status = problem?.status) {
  if (problem?.code && has(`problem.${problem.code}`)) return t(`problem.${problem.code}`);
  if (status === 409) return t('monitoring.conflict');
  if (status && has(`error.status.${status}`)) return t(`error.status.${status}`);
  return problem?.detail ?? t('error.status.500');
}

/** A form's error in the user's words, keeping its field errors for the fields. @param {unknown} error */
export function localizedFormError(error) {
  if (!(error instanceof ApiError)) return error;
  return new ApiError(error.status, { ...error.problem, detail: monitoringProblem(error.problem, error.status) });
}
