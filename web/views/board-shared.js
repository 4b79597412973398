import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatNumber, timeElement } from '../format.js';
import { has, t, tCount } from '../i18n/index.js';
import { choiceLabel } from '../labels.js';

/**
 * What the board's pages share: their addresses, the vote's state, quorum,
 * result and deadline in words, the ballot's choices, and Berlin wall-clock
 * time for the deadline inputs.
 *
 * @typedef {import('../board-api.js').Vote} Vote
 * @typedef {import('../board-api.js').Quorum} Quorum
 */

const segment = (/** @type {string} */ value) => encodeURIComponent(value);
export const boardHash = (/** @type {string} */ regionId) => `#/regions/${segment(regionId)}/board`;
export const voteHash = (/** @type {string} */ regionId, /** @type {string} */ voteId) => `#/regions/${segment(regionId)}/votes/${segment(voteId)}`;
export const newVoteHash = (/** @type {string} */ regionId) => `#/regions/${segment(regionId)}/votes/new`;
export const mandateHash = (/** @type {string} */ regionId, /** @type {string} */ mandateId) => `#/regions/${segment(regionId)}/mandates/${segment(mandateId)}`;
export const meetingHash = (/** @type {string} */ regionId, /** @type {string} */ meetingId) => `#/regions/${segment(regionId)}/meetings/${segment(meetingId)}`;
/** The record's page: its id is its number with a hyphen for the slash (BB-2026/007 → BB-2026-007). */
export const decisionHash = (/** @type {string} */ regionId, /** @type {string} */ number) =>
  `#/regions/${segment(regionId)}/decisions/${segment(number.replace('/', '-'))}`;

/** Whether the roles are a board member's only: the board's page is then their start page. @param {string[]} roles */
export function isOnlyBoard(roles) {
  return roles.length > 0 && roles.every((role) => role === 'board_member' || role === 'board_chair');
}

/** Who may open a vote (the API decides; this only decides whether to offer the link). @param {string[]} roles */
export function mayOpenVotes(roles) {
  return roles.includes('board_chair') || roles.includes('office_lead');
}

/** "2 von 3 erforderlichen Stimmen abgegeben (5 Stimmberechtigte, davon 1 befangen) – beschlussfähig". @param {Quorum} quorum */
export function quorumText(quorum) {
  const base = t('vote.live.quorum', { participating: formatNumber(quorum.participating), required: formatNumber(quorum.required) });
  const seats =
    quorum.recused > 0 ? tCount('vote.live.seatsRecused', quorum.seats, { recused: formatNumber(quorum.recused) }) : tCount('vote.live.seats', quorum.seats);
  return `${base} (${seats}) – ${t(quorum.reached ? 'vote.live.reached' : 'vote.live.notReached')}`;
}

/** The vote's status in words; a vote without result names why. @param {Vote} vote */
export function statusText(vote) {
  if (vote.status === 'unresolved' && vote.outcome) return t('vote.live.unresolvedBecause', { reason: t(`vote.result.${vote.outcome.result}`) });
  return t(`vote.live.status.${vote.status}`);
}

/** A badge that reads as text; the tint only repeats it. @param {Vote} vote */
export function statusBadge(vote) {
  return h('span', { class: `vote-status vote-status-${vote.status}` }, statusText(vote));
}

/** The result of a closed vote in words ("angenommen", "Option „Lotsen“ beschlossen"). @param {Vote} vote */
export function resultText(vote) {
  const outcome = vote.outcome;
  if (!outcome) return '';
  if (outcome.result === 'option') {
    const option = vote.ballot.options.find((candidate) => candidate.id === outcome.optionId);
    return t('vote.result.optionNamed', { title: option?.title ?? String(outcome.optionId) });
  }
  return t(`vote.result.${outcome.result}`);
}

/** A choice with its option's title. @param {Vote} vote @param {string | null} choice @param {string | null | undefined} optionId */
export function choiceText(vote, choice, optionId) {
  return choice === null ? t('vote.live.secretChoice') : choiceLabel(choice, optionId, vote.ballot.options);
}

/**
 * The ballot's choices as radio values: `yes`, `option:<id>` … in the order
 * of the tally (options, revise, reject, abstain).
 *
 * @param {import('../board-api.js').BallotSpec} spec
 * @returns {Array<{value: string, label: string, choice: string, optionId: string | null}>}
 */
export function ballotChoices(spec) {
  const plain = (/** @type {string} */ choice) => ({ value: choice, label: t(`choice.${choice}`), choice, optionId: null });
  if (spec.kind === 'yes_no') return ['yes', 'no', 'abstain'].map(plain);
  return [
    ...spec.options.map((option) => ({
      value: `option:${option.id}`,
      label: choiceLabel('option', option.id, spec.options),
      choice: 'option',
      optionId: option.id,
    })),
    ...(spec.allowRevise ? [plain('revise')] : []),
    ...(spec.allowReject ? [plain('reject')] : []),
    plain('abstain'),
  ];
}

/** The radio value of a choice. @param {{choice: string, optionId?: string | null}} ballot */
export const choiceValue = (ballot) => (ballot.choice === 'option' ? `option:${ballot.optionId}` : ballot.choice);

/** A radio value back as choice and option. @param {string} value @returns {{choice: string, optionId?: string}} */
export function parseChoice(value) {
  return value.startsWith('option:') ? { choice: 'option', optionId: value.slice('option:'.length) } : { choice: value };
}

/**
 * The deadline written out, with the time left: "12.05.2026, 18:00 (noch 3 Tage)".
 *
 * @param {string} deadline ISO instant @param {number} [now]
 */
export function deadlineNode(deadline, now = Date.now()) {
  const left = Date.parse(deadline) - now;
  const hours = Math.floor(left / 3_600_000);
  const rest =
    left <= 0
      ? t('vote.live.deadlinePassed')
      : hours >= 48
        ? tCount('vote.live.daysLeft', Math.floor(hours / 24))
        : hours >= 1
          ? tCount('vote.live.hoursLeft', hours)
          : tCount('vote.live.minutesLeft', Math.max(1, Math.floor(left / 60_000)));
  return h('span', {}, timeElement(deadline), ` (${rest})`);
}

const berlinParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** An instant as Berlin wall-clock date and time, for the inputs. @param {number} ms @returns {{date: string, time: string}} */
export function berlinDateTime(ms) {
  const parts = Object.fromEntries(berlinParts.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The offset of Berlin from UTC at an instant, in ms. @param {number} ms */
function berlinOffset(ms) {
  const { date, time } = berlinDateTime(ms);
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute)) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * Berlin wall-clock date and time (as typed) as an ISO instant; null when
 * either is missing. The offset is looked up twice so that a time just after
 * a change to or from summer time gets the offset of its own side.
 *
 * @param {string} date YYYY-MM-DD @param {string} time HH:MM
 */
export function berlinInstant(date, time) {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})/.exec(time);
  if (!dateMatch || !timeMatch) return null;
  const wall = Date.UTC(Number(dateMatch[1]), Number(dateMatch[2]) - 1, Number(dateMatch[3]), Number(timeMatch[1]), Number(timeMatch[2]));
  const first = wall - berlinOffset(wall);
  return new Date(wall - berlinOffset(first)).toISOString();
}

/**
 * A refusal in the user's words: by the problem's code (`board.problem.<code>`)
 * when the catalogue has it, else by status; the API's detail is English.
 *
 * @param {ApiError} error
 */
export function problemText(error) {
  const code = error.problem.code;
  if (code && has(`board.problem.${code}`)) return t(`board.problem.${code}`);
  if (error.status === 422) return error.problem.detail ?? t('error.status.500');
  return has(`error.status.${error.status}`) ? t(`error.status.${error.status}`) : (error.problem.detail ?? t('error.status.500'));
}

/**
 * The same ApiError with a detail the user can read, for buildForm's
 * summary; field errors (422) are kept as they are, the form places them.
 *
 * @param {unknown} error
 */
export function localized(error) {
  if (!(error instanceof ApiError) || error.problem.errors?.length) return error;
  return new ApiError(error.status, { ...error.problem, detail: problemText(error) });
}

/**
 * Keeps the focus where it was across a redraw: on the element with the
 * same id, when there is one after `redraw`.
 *
 * @param {() => void} redraw
 * @returns {boolean} whether the focused element was lost
 */
export function keepingFocus(redraw) {
  const focused = document.activeElement;
  const id = focused && focused !== document.body ? focused.id : '';
  redraw();
  if (!focused || focused === document.body || document.contains(focused)) return false;
  const again = id ? document.getElementById(id) : null;
  again?.focus();
  return !again;
}
