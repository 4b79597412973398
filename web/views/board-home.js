import { api } from '../api.js';
import { boardApi } from '../board-api.js';
import { h, section } from '../dom.js';
import { timeElement } from '../format.js';
import { t, tCount } from '../i18n/index.js';
import { rolesIn } from '../task-labels.js';
import { decisionHash, deadlineNode, mayOpenVotes, newVoteHash, quorumText, resultText, statusBadge, voteHash } from './board-shared.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../board-api.js').Vote} Vote */

/** How many closed votes the page lists. */
const RECENT = 10;

/**
 * A board member's start page: the votes waiting for their ballot first, with
 * the deadline and the quorum so far; then the other open votes, those left
 * without a result, and the recently closed ones with their result and
 * decision number.
 */
export async function boardHomeView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const [regions, board, waiting, open, unresolved, closed] = await Promise.all([
    api.regions(ctx.signal),
    // The page works without the composition; it only names the board.
    boardApi.board(regionId, ctx.signal).catch(() => null),
    boardApi.votes(regionId, { status: 'open', waiting: 'me' }, ctx.signal),
    boardApi.votes(regionId, { status: 'open' }, ctx.signal),
    boardApi.votes(regionId, { status: 'unresolved' }, ctx.signal),
    boardApi.votes(regionId, { status: 'closed' }, ctx.signal),
  ]);
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  const waitingIds = new Set(waiting.items.map((vote) => vote.id));
  const others = open.items.filter((vote) => !waitingIds.has(vote.id));
  const recent = [...closed.items].sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '')).slice(0, RECENT);
  const name = board?.name ?? region?.name ?? regionId;

  return h(
    'div',
    { class: 'board-home' },
    h('h1', { tabindex: '-1' }, t('board.home.title', { name })),
    mayOpenVotes(rolesIn(ctx.session, regionId))
      ? h('p', {}, h('a', { id: 'open-vote', class: 'button', href: newVoteHash(regionId) }, t('board.home.openVote')))
      : null,
    section(
      'waiting',
      t('board.home.waiting'),
      waiting.items.length === 0 ? h('p', {}, t('board.home.waitingEmpty')) : voteList(regionId, waiting.items, 'waiting'),
    ),
    section('open', t('board.home.open'), others.length === 0 ? h('p', {}, t('board.home.openEmpty')) : voteList(regionId, others, 'open')),
    unresolved.items.length === 0 ? null : section('unresolved', t('board.home.unresolved'), voteList(regionId, unresolved.items, 'unresolved')),
    section('closed', t('board.home.closed'), recent.length === 0 ? h('p', {}, t('board.home.closedEmpty')) : voteList(regionId, recent, 'closed')),
  );
}

/**
 * One card per vote; the title is the link, tall enough for a finger.
 *
 * @param {string} regionId @param {Vote[]} votes @param {'waiting' | 'open' | 'unresolved' | 'closed'} kind
 */
function voteList(regionId, votes, kind) {
  return h(
    'ul',
    { class: 'vote-list' },
    votes.map((vote) =>
      h(
        'li',
        { class: 'vote-card', 'data-vote-id': vote.id },
        h('h3', {}, h('a', { id: `${kind}-${vote.id}`, class: 'vote-link', href: voteHash(regionId, vote.id) }, vote.subject.title)),
        h('p', { class: 'meta' }, statusBadge(vote), ' · ', t(`vote.live.mode.${vote.mode}`), vote.secret ? [' · ', t('vote.live.secret')] : null),
        kind === 'closed' ? closedFacts(regionId, vote) : openFacts(vote, kind),
      ),
    ),
  );
}

/** @param {Vote} vote @param {'waiting' | 'open' | 'unresolved'} kind */
function openFacts(vote, kind) {
  return h(
    'dl',
    { class: 'facts' },
    vote.deadline ? [h('dt', {}, t('vote.live.deadline')), h('dd', {}, deadlineNode(vote.deadline))] : null,
    h('dt', {}, t('vote.live.quorumLabel')),
    h('dd', {}, quorumText(vote.quorum)),
    kind === 'open' && vote.viewer.hasVoted ? [h('dt', {}, t('vote.live.yourVote')), h('dd', {}, t('board.home.voted'))] : null,
    kind !== 'unresolved' && !vote.secret && vote.outstanding.length > 0
      ? [h('dt', {}, tCount('vote.live.outstandingCount', vote.outstanding.length)), h('dd', {}, vote.outstanding.map((person) => person.name).join(', '))]
      : null,
  );
}

/** @param {string} regionId @param {Vote} vote */
function closedFacts(regionId, vote) {
  return h(
    'dl',
    { class: 'facts' },
    h('dt', {}, t('vote.live.result')),
    h('dd', {}, resultText(vote)),
    vote.closedAt ? [h('dt', {}, t('vote.live.closedAt')), h('dd', {}, timeElement(vote.closedAt))] : null,
    vote.decisionNumber
      ? [
          h('dt', {}, t('vote.live.decision')),
          h(
            'dd',
            {},
            h('a', { class: 'touch', href: decisionHash(regionId, vote.decisionNumber) }, t('vote.live.decisionLink', { number: vote.decisionNumber })),
          ),
        ]
      : null,
  );
}
