import { request } from './api.js';

/**
 * The board's vote endpoints and its composition. Same client as api.js
 * (session cookie, CSRF header, problem+json errors as ApiError).
 *
 * @typedef {{id: string, name: string}} Person
 * @typedef {{memberId: string, name: string, deputies: Person[]}} Seat
 * @typedef {{choice: string, optionId?: string | null, count: number}} TallyEntry
 * @typedef {{seats: number, recused: number, eligible: number, required: number, participating: number, reached: boolean}} Quorum
 * @typedef {{memberId: string, name: string, reason: string | null, declaredAt: string, recordedBy: Person}} Recusal
 * @typedef {{seatId: string, castBy: Person, choice: string | null, optionId: string | null, castAt: string, note: string | null}} Ballot
 * @typedef {{kind: 'yes_no' | 'options', options: Array<{id: string, title: string}>, allowRevise: boolean, allowReject: boolean}} BallotSpec
 * @typedef {{kind: string, mandateId: string | null, meetingId: string | null, itemId: string | null, title: string, motion: string}} Subject
 * @typedef {{result: string, optionId: string | null, tally: TallyEntry[], quorum: Quorum, castingVote: boolean}} Outcome
 * @typedef {'ballot' | 'recuse' | 'close' | 'extend' | 'show-of-hands'} VoteAction
 * @typedef {{seats: string[], recused: boolean, ballot: {choice: string, optionId: string | null} | null, hasVoted: boolean,
 *   allowed: VoteAction[]}} Viewer
 * @typedef {{id: string, regionId: string, subject: Subject, ballot: BallotSpec, mode: 'written' | 'meeting', secret: boolean,
 *   seats: Seat[], chairId: string | null, tie: 'fails' | 'chair_casting', openedAt: string, openedBy: Person | null,
 *   deadline: string | null, recusals: Recusal[], status: 'open' | 'closed' | 'unresolved' | 'cancelled', ballots: Ballot[],
 *   showOfHands: {tally: TallyEntry[], recordedBy: Person, recordedAt: string} | null, outcome: Outcome | null,
 *   closedAt: string | null, closedBy: Person | null, closeReason: string | null, decisionNumber: string | null,
 *   version: number, updatedAt: string, quorum: Quorum, tally: TallyEntry[] | null, participants: Person[],
 *   outstanding: Person[], viewer: Viewer}} Vote the API's PresentedVote
 * @typedef {{code: string, name: string, tie: 'fails' | 'chair_casting', secretByDefault: boolean, chairId: string | null,
 *   seats: Seat[]}} Board
 */

const segment = (/** @type {string} */ value) => encodeURIComponent(value);
const votesPath = (/** @type {string} */ regionId) => `/regions/${segment(regionId)}/votes`;
const votePath = (/** @type {string} */ regionId, /** @type {string} */ voteId) => `${votesPath(regionId)}/${segment(voteId)}`;

export const boardApi = {
  /**
   * @param {string} regionId @param {{status?: string, waiting?: 'me'}} query @param {AbortSignal} [signal]
   * @returns {Promise<{items: Vote[]}>}
   */
  votes(regionId, query, signal) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
    const text = params.toString();
    return request('GET', `${votesPath(regionId)}${text ? `?${text}` : ''}`, { signal });
  },

  /** @param {string} regionId @param {string} voteId @param {AbortSignal} [signal] @returns {Promise<Vote>} */
  vote: (regionId, voteId, signal) => request('GET', votePath(regionId, voteId), { signal }),

  /**
   * Opens a vote (chair, office lead).
   * @param {string} regionId @param {object} body @param {string} idempotencyKey @returns {Promise<Vote>}
   */
  open: (regionId, body, idempotencyKey) => request('POST', votesPath(regionId), { body, idempotencyKey }),

  /**
   * Casts or changes a ballot.
   * @param {string} regionId @param {string} voteId
   * @param {{choice: string, optionId?: string, forMemberId?: string, note?: string}} body @param {string} idempotencyKey
   * @returns {Promise<Vote>}
   */
  ballot: (regionId, voteId, body, idempotencyKey) => request('POST', `${votePath(regionId, voteId)}/ballot`, { body, idempotencyKey }),

  /**
   * Declares a recusal: one's own, or (chair, office lead) a member's.
   * @param {string} regionId @param {string} voteId @param {{memberId?: string, reason?: string}} body @param {string} idempotencyKey
   * @returns {Promise<Vote>}
   */
  recuse: (regionId, voteId, body, idempotencyKey) => request('POST', `${votePath(regionId, voteId)}/recusals`, { body, idempotencyKey }),

  /**
   * Records the counted show of hands of a meeting vote; closes it.
   * @param {string} regionId @param {string} voteId
   * @param {{tally: Array<{choice: string, optionId?: string, count: number}>, castingChoice?: {choice: string, optionId?: string} | null}} body
   * @param {string} idempotencyKey @returns {Promise<Vote>}
   */
  showOfHands: (regionId, voteId, body, idempotencyKey) => request('POST', `${votePath(regionId, voteId)}/show-of-hands`, { body, idempotencyKey }),

  /** @param {string} regionId @param {string} voteId @param {string} idempotencyKey @returns {Promise<Vote>} */
  close: (regionId, voteId, idempotencyKey) => request('POST', `${votePath(regionId, voteId)}/close`, { body: {}, idempotencyKey }),

  /**
   * A new deadline; reopens a vote left without a result.
   * @param {string} regionId @param {string} voteId @param {{deadline: string}} body @param {string} idempotencyKey @returns {Promise<Vote>}
   */
  extend: (regionId, voteId, body, idempotencyKey) => request('POST', `${votePath(regionId, voteId)}/extend`, { body, idempotencyKey }),

  /** The board's composition with today's seats. @param {string} regionId @param {AbortSignal} [signal] @returns {Promise<Board>} */
  board: (regionId, signal) => request('GET', `/regions/${segment(regionId)}/board`, { signal }),
};
