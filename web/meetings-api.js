import { request } from './api.js';
import { getLocale } from './i18n/index.js';

/**
 * The board's meetings and decision records (Beschlüsse, Beschlusskontrolle).
 * Same client as api.js (session cookie, CSRF header, problem+json errors as
 * ApiError). Downloads (ICS, PDFs) are plain links: `…Href` gives their
 * address, with the page's language for the PDFs.
 *
 * @typedef {{id: string, name: string}} Person
 * @typedef {{choice: string, optionId?: string | null, count: number}} TallyEntry
 * @typedef {{seats: number, recused: number, eligible: number, required: number, participating: number, reached: boolean}} QuorumInfo
 * @typedef {{memberId: string, name: string, reason: string | null, declaredAt: string, recordedBy: Person}} Recusal
 * @typedef {{id: string, kind: 'mandate' | 'report' | 'other', title: string, description: string | null, mandateId: string | null,
 *   mandateTitle?: string | null, public: boolean, voteIds: string[], decisionNumbers: string[], attachmentId: string | null,
 *   votes?: VoteSummary[], decisions?: DecisionRecord[]}} AgendaItem
 * @typedef {{memberId: string, name: string, reply: 'accepted' | 'declined' | 'tentative' | 'none', repliedAt: string | null,
 *   present: boolean | null}} Attendance
 * @typedef {{seats: number, required: number, accepted: number, tentative: number, declined: number, none: number,
 *   expected: number, reachedExpected: boolean}} QuorumForecast
 * @typedef {{present: number, required: number, reached: boolean}} ActualQuorum
 * @typedef {{id: string, title: string, mode: string, secret: boolean, status: string, openedAt: string, deadline: string | null,
 *   outcome: unknown, decisionNumber: string | null}} VoteSummary
 * @typedef {{id: string, regionId: string, title: string, startsAt: string, endsAt: string, place: string | null, onlineUrl: string | null,
 *   status: 'planned' | 'cancelled' | 'held', sequence: number, invitedAt: string | null, agenda: AgendaItem[], attendance: Attendance[],
 *   statusReport: {generatedAt: string, attachmentId: string} | null, minutesNote: string | null, createdBy: Person, createdAt: string,
 *   updatedAt: string, version: number, quorumForecast?: QuorumForecast | null, actualQuorum?: ActualQuorum | null,
 *   viewer?: {allowed: string[], reply: string | null}}} Meeting
 * @typedef {{id: string, regionId: string, title: string, startsAt: string, endsAt: string, place: string | null, onlineUrl: string | null,
 *   status: 'planned' | 'cancelled' | 'held', invitedAt: string | null, agendaItems: number, viewerReply: string | null}} MeetingSummary
 * @typedef {{id: string, number: string, regionId: string, boardCode: string, year: number, seq: number, voteId: string | null,
 *   subject: {kind: string, mandateId: string | null, meetingId: string | null, itemId: string | null, title: string, motion: string},
 *   text: string, result: string, optionId: string | null, optionTitle: string | null, tally: TallyEntry[], quorum: QuorumInfo,
 *   castingVote: boolean, mode: 'written' | 'meeting', secret: boolean,
 *   votes: Array<{memberId: string, name: string, castBy: Person, choice: string, optionId: string | null}> | null,
 *   participants: Person[], recusals: Recusal[], rationale: string | null, dissent: Array<{memberId: string, name: string, text: string}>,
 *   dossier: {hash: string, content: unknown} | null, decidedAt: string, recordedAt: string, recordedBy: Person | null,
 *   corrects: string | null, correctionReason: string | null}} DecisionRecord
 * @typedef {'green' | 'yellow' | 'red' | 'done'} TrafficLight
 * @typedef {{id: string, regionId: string, decisionId: string, title: string, responsible: Person, dueDate: string, taskId: string,
 *   delayReason: string | null, createdAt: string, createdBy: Person, light: TrafficLight, taskStatus: string}} ImplementationItem
 * @typedef {DecisionRecord & {correctedBy: string[], items: ImplementationItem[], allowedActions?: string[]}} DecisionDetail
 * @typedef {{regionId: string, regionName: string, boardName: string, generatedAt: string, today: string, yellowDays: number,
 *   counts: Record<TrafficLight, number>, entries: Array<{decision: {id: string, number: string, text: string, decidedAt: string},
 *   items: ImplementationItem[]}>}} StatusReport
 */

const segment = (/** @type {string} */ value) => encodeURIComponent(value);
const regionPath = (/** @type {string} */ regionId) => `/regions/${segment(regionId)}`;
const meetingPath = (/** @type {string} */ regionId, /** @type {string} */ meetingId) => `${regionPath(regionId)}/meetings/${segment(meetingId)}`;
const itemPath = (/** @type {string} */ regionId, /** @type {string} */ meetingId, /** @type {string} */ itemId) =>
  `${meetingPath(regionId, meetingId)}/agenda/${segment(itemId)}`;
const decisionPath = (/** @type {string} */ regionId, /** @type {string} */ decisionId) => `${regionPath(regionId)}/decisions/${segment(decisionId)}`;
/** api.js names the methods it was first written for; the board's edits are PATCHes. */
const PATCH = /** @type {'PUT'} */ (/** @type {unknown} */ ('PATCH'));

/** A query string from the set values only. @param {Record<string, string | number | boolean | undefined>} query */
function search(query) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const meetings = {
  /** @param {string} regionId @param {AbortSignal} [signal] @returns {Promise<{items: MeetingSummary[]}>} */
  list: (regionId, signal) => request('GET', `${regionPath(regionId)}/meetings`, { signal }),
  /** @param {string} regionId @param {object} body @param {string} [idempotencyKey] @returns {Promise<Meeting>} */
  create: (regionId, body, idempotencyKey) => request('POST', `${regionPath(regionId)}/meetings`, { body, idempotencyKey }),
  /** @param {string} regionId @param {string} meetingId @param {AbortSignal} [signal] @returns {Promise<Meeting>} */
  get: (regionId, meetingId, signal) => request('GET', meetingPath(regionId, meetingId), { signal }),
  /** @param {string} regionId @param {string} meetingId @param {object} body @returns {Promise<Meeting>} */
  edit: (regionId, meetingId, body) => request(PATCH, meetingPath(regionId, meetingId), { body }),

  /** @param {string} regionId @param {string} meetingId @param {object} body @param {string} [idempotencyKey] */
  addItem: (regionId, meetingId, body, idempotencyKey) => request('POST', `${meetingPath(regionId, meetingId)}/agenda`, { body, idempotencyKey }),
  /** @param {string} regionId @param {string} meetingId @param {string} itemId @param {object} body */
  editItem: (regionId, meetingId, itemId, body) => request(PATCH, itemPath(regionId, meetingId, itemId), { body }),
  /** @param {string} regionId @param {string} meetingId @param {string} itemId */
  removeItem: (regionId, meetingId, itemId) => request('DELETE', itemPath(regionId, meetingId, itemId)),
  /** @param {string} regionId @param {string} meetingId @param {string} itemId @param {number} position 0-based */
  moveItem: (regionId, meetingId, itemId, position) => request('POST', `${itemPath(regionId, meetingId, itemId)}/move`, { body: { position } }),
  /** The member declares (or the chair records) a recusal for the item. @param {string} regionId @param {string} meetingId @param {string} itemId @param {{memberId?: string, reason?: string}} body */
  recuse: (regionId, meetingId, itemId, body) => request('POST', `${itemPath(regionId, meetingId, itemId)}/recusals`, { body }),

  /** Sends the invitations, or after changes the update. @param {string} regionId @param {string} meetingId */
  sendInvitations: (regionId, meetingId) => request('POST', `${meetingPath(regionId, meetingId)}/invitations`, { body: {} }),
  /** @param {string} regionId @param {string} meetingId @param {{reason?: string}} body */
  cancel: (regionId, meetingId, body) => request('POST', `${meetingPath(regionId, meetingId)}/cancel`, { body }),
  /** @param {string} regionId @param {string} meetingId */
  markHeld: (regionId, meetingId) => request('POST', `${meetingPath(regionId, meetingId)}/held`, { body: {} }),
  /** @param {string} regionId @param {string} meetingId @param {'accepted' | 'declined' | 'tentative'} reply */
  reply: (regionId, meetingId, reply) => request('PUT', `${meetingPath(regionId, meetingId)}/reply`, { body: { reply } }),
  /** @param {string} regionId @param {string} meetingId @param {string[]} present member ids */
  attendance: (regionId, meetingId, present) => request('PUT', `${meetingPath(regionId, meetingId)}/attendance`, { body: { present } }),

  /** @param {string} regionId @param {string} meetingId */
  icsHref: (regionId, meetingId) => `/api${meetingPath(regionId, meetingId)}/ics`,
  /** @param {string} regionId @param {string} meetingId @param {boolean} publicOnly */
  minutesPdfHref: (regionId, meetingId, publicOnly) =>
    `/api${meetingPath(regionId, meetingId)}/minutes.pdf${search({ public: String(publicOnly), locale: getLocale() })}`,
  /** The report generated before the meeting (made now if it is missing). @param {string} regionId @param {string} meetingId */
  statusReportPdfHref: (regionId, meetingId) => `/api${meetingPath(regionId, meetingId)}/status-report.pdf`,
  /** A stored attachment (the status report generated before the meeting). @param {string} regionId @param {string} attachmentId */
  attachmentHref: (regionId, attachmentId) => `/api${regionPath(regionId)}/attachments/${segment(attachmentId)}`,
};

export const decisions = {
  /**
   * Newest first.
   * @param {string} regionId @param {{year?: number | string, mandateId?: string, meetingId?: string}} query @param {AbortSignal} [signal]
   * @returns {Promise<{items: DecisionRecord[]}>}
   */
  list: (regionId, query, signal) => request('GET', `${regionPath(regionId)}/decisions${search(query)}`, { signal }),
  /** @param {string} regionId @param {string} decisionId @param {AbortSignal} [signal] @returns {Promise<DecisionDetail>} */
  get: (regionId, decisionId, signal) => request('GET', decisionPath(regionId, decisionId), { signal }),
  /** @param {string} regionId @param {string} decisionId */
  pdfHref: (regionId, decisionId) => `/api${decisionPath(regionId, decisionId)}/pdf${search({ lang: getLocale() })}`,
  /**
   * A correction is a new record; the answer is that record.
   * @param {string} regionId @param {string} decisionId @param {{text?: string, rationale?: string, reason: string}} body @param {string} [idempotencyKey]
   * @returns {Promise<DecisionRecord>}
   */
  correct: (regionId, decisionId, body, idempotencyKey) => request('POST', `${decisionPath(regionId, decisionId)}/corrections`, { body, idempotencyKey }),
  /** @param {string} regionId @param {string} decisionId @param {{title: string, responsibleId: string, dueDate: string}} body @param {string} [idempotencyKey] */
  addItem: (regionId, decisionId, body, idempotencyKey) => request('POST', `${decisionPath(regionId, decisionId)}/items`, { body, idempotencyKey }),
  /** @param {string} regionId @param {string} decisionId @param {string} itemId @param {{delayReason?: string | null, dueDate?: string}} body */
  editItem: (regionId, decisionId, itemId, body) => request(PATCH, `${decisionPath(regionId, decisionId)}/items/${segment(itemId)}`, { body }),
  /** @param {string} regionId @param {AbortSignal} [signal] @returns {Promise<StatusReport>} */
  implementationReport: (regionId, signal) => request('GET', `${regionPath(regionId)}/implementation-report`, { signal }),
  /** @param {string} regionId */
  implementationReportPdfHref: (regionId) => `/api${regionPath(regionId)}/implementation-report.pdf${search({ lang: getLocale() })}`,
};

/** `BB-2026/007` → `BB-2026-007`, the record's id (the number in a form fit for URLs). @param {string} number */
export const decisionIdOf = (number) => number.replace('/', '-');
/** @param {string} regionId @param {string} meetingId */
export const meetingHash = (regionId, meetingId) => `#/regions/${segment(regionId)}/meetings/${segment(meetingId)}`;
/** @param {string} regionId */
export const meetingsHash = (regionId) => `#/regions/${segment(regionId)}/meetings`;
/** @param {string} regionId @param {string} decisionId */
export const decisionHash = (regionId, decisionId) => `#/regions/${segment(regionId)}/decisions/${segment(decisionId)}`;
/** @param {string} regionId */
export const decisionsHash = (regionId) => `#/regions/${segment(regionId)}/decisions`;
/** H6's vote page. @param {string} regionId @param {string} voteId */
export const voteHash = (regionId, voteId) => `#/regions/${segment(regionId)}/votes/${segment(voteId)}`;
