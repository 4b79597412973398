import { request, uploadWithProgress } from './api.js';
import { getLocale } from './i18n/index.js';

/**
 * The education monitoring's endpoints: indicators and their values, file
 * imports, data requests and the dossier. Same client as api.js (session
 * cookie, CSRF header, problem+json errors as ApiError). Files the API builds
 * (PDF, CSV) are plain links: `…Href` gives their address.
 *
 * @typedef {import('./monitoring-labels.js').Indicator} Indicator
 * @typedef {import('./monitoring-labels.js').PresentedValue} PresentedValue
 * @typedef {import('./views/monitoring-chart.js').ChartInput} ChartInput
 * @typedef {{id: string, title: string}} MandateRef
 * @typedef {Indicator & {latest: PresentedValue | null, mandates: MandateRef[]}} CatalogueItem
 * @typedef {PresentedValue & {origin: string, enteredBy: {id: string, name: string}, createdAt: string, note: string | null,
 *   fileName: string | null}} HistoryEntry
 * @typedef {{row: number | null, column: number | null, code: string, message: string, value?: string}} ImportIssue
 * @typedef {{column: number, header: string, breakdown: Record<string, string>, indicatorKey?: string}} ValueColumn
 * @typedef {{headerRow: number, firstDataRow: number, lastDataRow: number, periodColumn: number, indicatorKey: string | null,
 *   indicatorColumn: number | null, areaColumn: number | null, breakdownColumns: Record<string, number>, valueColumns: ValueColumn[],
 *   caseCountColumn: number | null, numberFormat: 'de' | 'en'}} ImportMapping
 * @typedef {{row: number, column: number, indicatorKey: string, period: string, breakdown: Record<string, string>, area: string,
 *   value: number | null, status: string, caseCount: number | null}} ParsedValue
 * @typedef {{id: string, fileName: string, status: 'preview' | 'committed' | 'discarded', format: 'csv' | 'xlsx', encoding: string | null,
 *   delimiter: string | null, sheet: string | null, rowCount: number, rows: string[][], mapping: ImportMapping, headers: string[],
 *   valueCount: number, sample: ParsedValue[], issues: ImportIssue[], canCommit: boolean, taskId: string | null}} ImportPreview
 * @typedef {{period: string, breakdown?: Record<string, string>, area?: string, value?: number | null, status?: string, caseCount?: number | null}} AnswerPoint
 * @typedef {{period: string, breakdown?: Record<string, string>, area?: string, value?: number | null, status?: string, caseCount?: number | null,
 *   source?: string}} AnsweredPoint
 * @typedef {{id: string, title?: string, status: string, dueDate: string,
 *   indicator: {key: string, name: import('./monitoring-labels.js').LocalizedText | string, unit: string, decimals?: number, breakdowns: string[],
 *     source?: string} | null,
 *   indicatorText?: string | null, periods: string[], note: string | null, provider: {id: string, name: string} | null, mandate: MandateRef | null,
 *   answer: {points: AnsweredPoint[], source?: string | null, fileName: string | null, note?: string | null, by?: {id: string, name: string} | null} | null,
 *   review: {decision: string, comment: string | null} | null, canAnswer?: boolean, createdAt: string}} DataRequest
 *   The indicator is null when the request names none of the catalogue (an older free-text request: `indicatorText`).
 * @typedef {{mandateId: string, regionId: string, regionName: string, title: string, actionField: string, question: string, goals: string[],
 *   options: Array<{id: string, title: string, description: string, cost: number | null, expectedEffect: string | null}>,
 *   indicators: Array<{definition: Indicator, values: PresentedValue[]}>, takenAt: string}} DossierContent
 */

const segment = (/** @type {string} */ value) => encodeURIComponent(value);
const regionPath = (/** @type {string} */ regionId) => `/regions/${segment(regionId)}`;
const indicatorPath = (/** @type {string} */ regionId, /** @type {string} */ key) => `${regionPath(regionId)}/indicators/${segment(key)}`;
const importPath = (/** @type {string} */ regionId, /** @type {string} */ id) => `${regionPath(regionId)}/imports/${segment(id)}`;
const requestPath = (/** @type {string} */ regionId, /** @type {string} */ taskId) => `${regionPath(regionId)}/data-requests/${segment(taskId)}`;
const mandatePath = (/** @type {string} */ regionId, /** @type {string} */ mandateId) => `${regionPath(regionId)}/mandates/${segment(mandateId)}`;

/** A query string from the set values only. @param {Record<string, string | number | boolean | null | undefined>} query */
function search(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '' && value !== false) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The media type the API takes for a file, by its name: browsers give a CSV as text/csv, application/vnd.ms-excel or nothing. @param {string} name */
export function importContentType(name) {
  return /\.xlsx$/i.test(name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
}

export const monitoring = {
  /** @param {string} regionId @param {AbortSignal} [signal] @returns {Promise<{items: CatalogueItem[], areas: string[]}>} */
  indicators: (regionId, signal) => request('GET', `${regionPath(regionId)}/indicators`, { signal }),
  /** @param {string} regionId @param {object} body @param {string} idempotencyKey @returns {Promise<Indicator>} */
  createIndicator: (regionId, body, idempotencyKey) => request('POST', `${regionPath(regionId)}/indicators`, { body, idempotencyKey }),

  /**
   * @param {string} regionId @param {string} key @param {AbortSignal} [signal]
   * @returns {Promise<{indicator: Indicator, values: PresentedValue[], mandates: Array<MandateRef & {phase: string}>,
   *   settings: {suppressionThreshold: number, defaultArea?: string}}>}
   */
  indicator: (regionId, key, signal) => request('GET', indicatorPath(regionId, key), { signal }),
  /**
   * @param {string} regionId @param {string} key @param {{dimension?: string, compare?: boolean, lang: string}} query @param {AbortSignal} [signal]
   * @returns {Promise<{chart: ChartInput, svg: string}>}
   */
  chart: (regionId, key, query, signal) => request('GET', `${indicatorPath(regionId, key)}/chart${search(query)}`, { signal }),
  /**
   * @param {string} regionId @param {string} key @param {{period: string, breakdownKey: string, area: string}} cell @param {AbortSignal} [signal]
   * @returns {Promise<{items: HistoryEntry[]}>}
   */
  history: (regionId, key, cell, signal) => request('GET', `${indicatorPath(regionId, key)}/history${search(cell)}`, { signal }),
  /** @param {string} regionId @param {string} key @param {object} body @param {string} idempotencyKey @returns {Promise<PresentedValue>} */
  addValue: (regionId, key, body, idempotencyKey) => request('POST', `${indicatorPath(regionId, key)}/values`, { body, idempotencyKey }),
  /** @param {string} regionId @param {string} key @param {{value: number, period: string | null}} body */
  setTarget: (regionId, key, body) => request('PUT', `${indicatorPath(regionId, key)}/target`, { body }),
  /** @param {string} regionId @param {string} key */
  removeTarget: (regionId, key) => request('DELETE', `${indicatorPath(regionId, key)}/target`),
  /** @param {string} regionId @param {string} key */
  exportHref: (regionId, key) => `/api${indicatorPath(regionId, key)}/export.csv${search({ lang: getLocale() })}`,
  /** @param {string} regionId @param {string} area @param {'pdf' | 'csv'} format */
  educationReportHref: (regionId, area, format) => `/api${regionPath(regionId)}/education-report.${format}${search({ area, lang: getLocale() })}`,

  /**
   * Uploads a CSV or XLSX file for a preview; `onProgress` follows the upload.
   *
   * @param {string} regionId @param {File} file @param {{taskId?: string | null, onProgress?: (share: number) => void, signal?: AbortSignal}} options
   * @returns {Promise<ImportPreview>}
   */
  uploadImport: (regionId, file, { taskId, onProgress, signal }) =>
    uploadWithProgress(`${regionPath(regionId)}/imports${search({ fileName: file.name, taskId })}`, file, {
      contentType: importContentType(file.name),
      onProgress,
      signal,
    }),
  /** @param {string} regionId @param {string} id @param {AbortSignal} [signal] @returns {Promise<ImportPreview>} */
  importPreview: (regionId, id, signal) => request('GET', importPath(regionId, id), { signal }),
  /**
   * @param {string} regionId @param {string} id
   * @param {{mapping: ImportMapping, source?: string, referenceDate?: string, territorialStatus?: string}} body
   * @returns {Promise<ImportPreview>}
   */
  saveMapping: (regionId, id, body) => request('PUT', `${importPath(regionId, id)}/mapping`, { body }),
  /**
   * The import as it now is (`written` values); an answer to a data request comes back with the `request`.
   *
   * @param {string} regionId @param {string} id @param {{source: string, referenceDate?: string, territorialStatus?: string}} body
   * @returns {Promise<ImportPreview & {written?: number | null, request?: DataRequest}>}
   */
  commitImport: (regionId, id, body) => request('POST', `${importPath(regionId, id)}/commit`, { body }),
  /** @param {string} regionId @param {string} id */
  discardImport: (regionId, id) => request('DELETE', importPath(regionId, id)),

  /** @param {string} regionId @param {AbortSignal} [signal] @returns {Promise<{items: DataRequest[]}>} */
  dataRequests: (regionId, signal) => request('GET', `${regionPath(regionId)}/data-requests`, { signal }),
  /** @param {string} regionId @param {object} body @param {string} idempotencyKey @returns {Promise<DataRequest>} */
  createDataRequest: (regionId, body, idempotencyKey) => request('POST', `${regionPath(regionId)}/data-requests`, { body, idempotencyKey }),
  /** @param {string} regionId @param {string} taskId @param {AbortSignal} [signal] @returns {Promise<DataRequest>} */
  dataRequest: (regionId, taskId, signal) => request('GET', requestPath(regionId, taskId), { signal }),
  /**
   * @param {string} regionId @param {string} taskId @param {{points: AnswerPoint[], source?: string, note?: string}} body @param {string} idempotencyKey
   * @returns {Promise<DataRequest>}
   */
  answer: (regionId, taskId, body, idempotencyKey) => request('POST', `${requestPath(regionId, taskId)}/answer`, { body, idempotencyKey }),

  /**
   * @param {string} regionId @param {string} mandateId @param {AbortSignal} [signal]
   * @returns {Promise<{content: DossierContent, hash: string, frozen: boolean, charts: Array<{indicatorKey: string, chart: ChartInput, svg: string}>}>}
   */
  dossier: (regionId, mandateId, signal) => request('GET', `${mandatePath(regionId, mandateId)}/dossier${search({ lang: getLocale() })}`, { signal }),
  /** @param {string} regionId @param {string} mandateId */
  dossierPdfHref: (regionId, mandateId) => `/api${mandatePath(regionId, mandateId)}/dossier.pdf${search({ lang: getLocale() })}`,
  /** @param {string} regionId @param {string} mandateId */
  evaluationReportPdfHref: (regionId, mandateId) => `/api${mandatePath(regionId, mandateId)}/evaluation-report.pdf${search({ lang: getLocale() })}`,
};
