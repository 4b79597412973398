import { request } from './api.js';

/**
 * The office's endpoints: tasks and their inbox, absences, comments,
 * attachments and notifications. Same client as api.js (session cookie, CSRF
 * header, problem+json errors as ApiError).
 *
 * @typedef {{id: string, name: string}} Person
 * @typedef {{id: string, regionId: string, mandateId: string | null, mandateTitle: string | null, type: string, title: string,
 *   description: string, params: {indicator?: string}, required: boolean, status: string, priority: string, dueDate: string,
 *   dueAt: string, followUpDate: string | null, candidateRole: string | null, assignee: Person | null, substitute: Person | null,
 *   review: boolean, output: Record<string, unknown> | null,
 *   reviewDecision: {by: Person, at: string, decision: 'approved' | 'rejected', comment: string | null} | null,
 *   createdBy: Person, completedBy: Person | null, createdAt: string, updatedAt: string, completedAt: string | null,
 *   overdue: boolean, dueSoon: boolean, escalated: boolean, cancelReason?: string | null, allowedActions: string[]}} Task
 * @typedef {{view: string, mandateId?: string, type?: string, q?: string, sort?: string}} InboxQuery
 * @typedef {{items: Task[], total: number, page: number, pageSize: number, counts: Record<string, number | null>}} Inbox counts: null where the API does not count a view (done, unless asked for)
 * @typedef {{taskId: string, ok: boolean, task?: Task, problem?: import('./api.js').Problem}} BulkResult
 * @typedef {{id: string, user: Person, substitute: Person, from: string, until: string, note: string | null, active: boolean,
 *   createdBy?: Person, allowedActions?: string[]}} Absence
 * @typedef {{id: string, author: Person, text: string, mentions: Person[], createdAt: string}} Comment
 * @typedef {{id: string, fileName: string, contentType: string, size: number, uploadedBy: Person, uploadedAt: string, href: string,
 *   allowedActions?: string[]}} Attachment
 * @typedef {{id: string, kind: string, regionId: string, taskId: string | null, mandateId: string | null,
 *   params: Record<string, string | number | null>, createdAt: string, readAt: string | null, link: string | null}} Notification
 * @typedef {'tasks' | 'mandates'} Subject what comments and attachments hang on
 */

const segment = (/** @type {string} */ value) => encodeURIComponent(value);
const regionPath = (/** @type {string} */ regionId) => `/regions/${segment(regionId)}`;
const taskPath = (/** @type {string} */ regionId, /** @type {string} */ taskId) => `${regionPath(regionId)}/tasks/${segment(taskId)}`;
const subjectPath = (/** @type {string} */ regionId, /** @type {Subject} */ subject, /** @type {string} */ id) =>
  `${regionPath(regionId)}/${subject}/${segment(id)}`;

/** A query string from the set values only. @param {Record<string, string | number | boolean | undefined>} query */
function search(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '' && value !== false) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const office = {
  /**
   * @param {string} regionId @param {InboxQuery & {page?: number, pageSize?: number}} query @param {AbortSignal} [signal]
   * @returns {Promise<Inbox>}
   */
  inbox: (regionId, query, signal) => request('GET', `${regionPath(regionId)}/inbox${search(query)}`, { signal }),

  /** @param {string} regionId @param {string} taskId @param {AbortSignal} [signal] @returns {Promise<Task>} */
  task: (regionId, taskId, signal) => request('GET', taskPath(regionId, taskId), { signal }),

  /** @param {string} regionId @param {string} taskId @param {AbortSignal} [signal] */
  taskHistory: (regionId, taskId, signal) => request('GET', `${taskPath(regionId, taskId)}/history`, { signal }),

  /**
   * @param {string} regionId @param {string} taskId @param {string} action @param {object} body @param {string} [idempotencyKey]
   * @returns {Promise<Task>}
   */
  taskAction: (regionId, taskId, action, body, idempotencyKey) =>
    request('POST', `${taskPath(regionId, taskId)}/actions/${segment(action)}`, { body, idempotencyKey }),

  /**
   * @param {string} regionId @param {'claim' | 'assign'} action @param {{taskIds: string[], assigneeId?: string}} body
   * @returns {Promise<{results: BulkResult[]}>}
   */
  bulk: (regionId, action, body) => request('POST', `${regionPath(regionId)}/tasks/bulk/${action}`, { body }),

  /** @param {AbortSignal} [signal] @returns {Promise<{items: Array<{type: string, review: boolean, outputSchema: any}>}>} */
  taskTypes: (signal) => request('GET', '/task-types', { signal }),

  /** @param {string} regionId @param {AbortSignal} [signal] @returns {Promise<{items: Array<{id: string, name: string, query: InboxQuery}>}>} */
  savedFilters: (regionId, signal) => request('GET', `${regionPath(regionId)}/saved-filters`, { signal }),
  /** @param {string} regionId @param {{name: string, query: InboxQuery}} body */
  saveFilter: (regionId, body) => request('POST', `${regionPath(regionId)}/saved-filters`, { body }),
  /** @param {string} regionId @param {string} id */
  deleteFilter: (regionId, id) => request('DELETE', `${regionPath(regionId)}/saved-filters/${segment(id)}`),

  /** @param {string} regionId @param {string} [role] @param {AbortSignal} [signal] @returns {Promise<{items: Array<Person & {roles: string[]}>}>} */
  members: (regionId, role, signal) => request('GET', `${regionPath(regionId)}/members${search({ role })}`, { signal }),

  /** @param {string} regionId @param {AbortSignal} [signal] @returns {Promise<{items: Absence[]}>} */
  absences: (regionId, signal) => request('GET', `${regionPath(regionId)}/absences`, { signal }),
  /** @param {string} regionId @param {object} body @param {string} idempotencyKey */
  createAbsence: (regionId, body, idempotencyKey) => request('POST', `${regionPath(regionId)}/absences`, { body, idempotencyKey }),
  /** @param {string} regionId @param {string} id */
  deleteAbsence: (regionId, id) => request('DELETE', `${regionPath(regionId)}/absences/${segment(id)}`),

  /** @param {string} regionId @param {Subject} subject @param {string} id @param {AbortSignal} [signal] @returns {Promise<{items: Comment[]}>} */
  comments: (regionId, subject, id, signal) => request('GET', `${subjectPath(regionId, subject, id)}/comments`, { signal }),
  /** @param {string} regionId @param {Subject} subject @param {string} id @param {{text: string, mentions?: string[]}} body @param {string} idempotencyKey */
  addComment: (regionId, subject, id, body, idempotencyKey) => request('POST', `${subjectPath(regionId, subject, id)}/comments`, { body, idempotencyKey }),

  /** @param {string} regionId @param {Subject} subject @param {string} id @param {AbortSignal} [signal] @returns {Promise<{items: Attachment[]}>} */
  attachments: (regionId, subject, id, signal) => request('GET', `${subjectPath(regionId, subject, id)}/attachments`, { signal }),
  /**
   * The file is the request body; its name travels in a header, encoded so
   * that umlauts survive (header values are Latin-1).
   *
   * @param {string} regionId @param {Subject} subject @param {string} id @param {File} file @returns {Promise<Attachment>}
   */
  upload: (regionId, subject, id, file) =>
    request('POST', `${subjectPath(regionId, subject, id)}/attachments`, {
      file,
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
    }),
  /** @param {string} regionId @param {string} attachmentId */
  deleteAttachment: (regionId, attachmentId) => request('DELETE', `${regionPath(regionId)}/attachments/${segment(attachmentId)}`),

  /**
   * @param {{unread?: boolean, page?: number, pageSize?: number}} query @param {AbortSignal} [signal]
   * @returns {Promise<{items: Notification[], total: number, unread: number}>}
   */
  notifications: (query, signal) => request('GET', `/me/notifications${search(query)}`, { signal }),
  /** @param {AbortSignal} [signal] @returns {Promise<{unread: number}>} */
  unreadCount: (signal) => request('GET', '/me/notifications/unread-count', { signal }),
  /** @param {string} id */
  markRead: (id) => request('POST', `/me/notifications/${segment(id)}/read`, { body: {} }),
  markAllRead: () => request('POST', '/me/notifications/read-all', { body: {} }),

  /** @param {AbortSignal} [signal] @returns {Promise<{email: 'immediate' | 'digest' | 'off', locale: 'de' | 'en'}>} */
  preferences: (signal) => request('GET', '/me/notification-preferences', { signal }),
  /** @param {{email: string, locale: string}} body */
  savePreferences: (body) => request('PUT', '/me/notification-preferences', { body }),
};
