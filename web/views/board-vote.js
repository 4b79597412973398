import { ApiError } from '../api.js';
import { boardApi } from '../board-api.js';
import { definitionList, h, section } from '../dom.js';
import { formatDateTime, formatNumber, timeElement } from '../format.js';
import { t, tCount } from '../i18n/index.js';
import { ballotSection, recusalSection } from './board-ballot.js';
import { basisSection, loadBasis } from './board-basis.js';
import { chairSection } from './board-chair.js';
import {
  boardHash,
  choiceText,
  deadlineNode,
  decisionHash,
  keepingFocus,
  localized,
  mandateHash,
  meetingHash,
  quorumText,
  resultText,
  statusBadge,
  statusText,
} from './board-shared.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../board-api.js').Vote} Vote */
/**
 * What the forms of the page get: the vote as drawn, who is looking, and
 * `run`, which sends one request, redraws the page from the vote the API
 * returns, says what happened and puts the focus on `focusId`.
 *
 * @typedef {{vote: Vote, regionId: string, userId: string,
 *   run: (call: () => Promise<Vote>, message: (vote: Vote) => string, focusId: string) => Promise<void>}} VoteTools
 */

/** How often an open vote is fetched again while the page is in view. */
const POLL_MS = 15_000;

/**
 * One vote: the motion and its matter, the ballot form (changing one's
 * ballot while the vote is open), the live quorum and, for named votes, the
 * tally and who voted how; recusal; the chair's tools; and once closed the
 * result with its decision number. While open the page fetches the vote
 * every 15 s; changes are announced politely and never move the focus.
 */
export async function boardVoteView(/** @type {ViewContext} */ ctx) {
  const { regionId, voteId } = ctx.params;
  const userId = ctx.session.user?.id ?? '';
  let vote = await boardApi.vote(regionId, voteId, ctx.signal);
  const { mandateId } = vote.subject;
  // What the board decides on is read once: the polling below refreshes only the vote.
  const basis = mandateId ? basisSection(regionId, vote, await loadBasis(regionId, mandateId, ctx.signal)) : null;
  // With the options shown as cards there, the subject need not list them.
  const optionsShown = basis?.querySelector('#basis-options') != null;
  /** The part with the forms is redrawn only when what the viewer may do changes, so typing survives a refresh. */
  let toolsKey = '';

  const heading = h('h1', { tabindex: '-1' }, vote.subject.title);
  // Hidden, but read out: what changed at the last refresh.
  const updates = h('div', { id: 'vote-updates', class: 'visually-hidden', role: 'status' });
  const top = h('div', {});
  const state = h('div', {});
  const ballotBox = h('div', {});
  const moreTools = h('div', {});

  /** @param {Vote} next @param {{forceTools?: boolean}} [options] @returns {boolean} whether the focused element went away */
  function draw(next, { forceTools = false } = {}) {
    vote = next;
    return keepingFocus(() => {
      heading.textContent = next.subject.title;
      top.replaceChildren(...topParts(regionId, next, optionsShown));
      state.replaceChildren(stateSection(next));
      const key = JSON.stringify([next.status, next.deadline, next.viewer, next.recusals.map((recusal) => recusal.memberId)]);
      if (forceTools || key !== toolsKey) {
        toolsKey = key;
        /** @type {VoteTools} */
        const context = { vote: next, regionId, userId, run };
        ballotBox.replaceChildren(ballotSection(context) ?? '');
        moreTools.replaceChildren(...[recusalSection(context), chairSection(context)].filter((node) => node !== null));
      }
    });
  }

  /** @type {VoteTools['run']} */
  async function run(call, message, focusId) {
    /** @type {Vote} */
    let next;
    try {
      next = await call();
    } catch (error) {
      // Closed or changed meanwhile: show the vote as it is now instead of a form that no longer applies.
      if (!(error instanceof ApiError && error.status === 409 && error.problem.code === 'vote_not_open')) throw localized(error);
      draw(await boardApi.vote(regionId, voteId), { forceTools: true });
      ctx.announce(t('board.problem.vote_not_open'));
      return void heading.focus();
    }
    draw(next, { forceTools: true });
    ctx.announce(message(next));
    (document.getElementById(focusId) ?? heading).focus();
  }

  draw(vote);

  const timer = setInterval(async () => {
    if (document.visibilityState !== 'visible' || vote.status !== 'open') return;
    try {
      const fresh = await boardApi.vote(regionId, voteId, ctx.signal);
      // An answer older than the page (a ballot was cast meanwhile) is dropped.
      if (fresh.version <= vote.version) return;
      const message = changeMessage(vote, fresh);
      const lost = draw(fresh);
      if (message) updates.textContent = message;
      // Only when the focused control went away (the vote closed under it) is the focus placed anew.
      if (lost) (document.getElementById('result-heading') ?? heading).focus();
    } catch {
      // A failed refresh is tried again at the next tick.
    }
  }, POLL_MS);
  ctx.signal.addEventListener('abort', () => clearInterval(timer));

  return h(
    'div',
    { class: 'vote-page' },
    h('p', { class: 'back' }, h('a', { href: boardHash(regionId) }, t('vote.live.back'))),
    heading,
    updates,
    top,
    basis,
    ballotBox,
    state,
    moreTools,
  );
}

/** What a refresh brought, in one sentence; null when nothing worth saying changed. @param {Vote} before @param {Vote} after */
function changeMessage(before, after) {
  if (after.status !== before.status) {
    return after.status === 'closed'
      ? t('vote.live.changed.closed', { result: resultText(after) })
      : t('vote.live.changed.status', { status: statusText(after) });
  }
  if (after.quorum.participating !== before.quorum.participating || after.quorum.recused !== before.quorum.recused) {
    return t('vote.live.changed.quorum', { quorum: quorumText(after.quorum) });
  }
  if (after.deadline && after.deadline !== before.deadline) return t('vote.live.changed.deadline', { deadline: formatDateTime(after.deadline) });
  return null;
}

/** @param {string} regionId @param {Vote} vote @param {boolean} optionsShown whether the basis for the decision shows the options */
function topParts(regionId, vote, optionsShown) {
  return [
    h(
      'p',
      { class: 'lead' },
      statusBadge(vote),
      ' · ',
      t(`vote.live.mode.${vote.mode}`),
      ' · ',
      vote.secret ? h('strong', {}, t('vote.live.secret')) : t('vote.live.named'),
    ),
    vote.secret ? h('p', { class: 'meta' }, t('vote.live.secretNote')) : null,
    vote.outcome ? resultSection(regionId, vote) : null,
    subjectSection(regionId, vote, optionsShown),
  ].filter((node) => node !== null);
}

/** @param {string} regionId @param {Vote} vote */
function resultSection(regionId, vote) {
  const outcome = /** @type {NonNullable<Vote['outcome']>} */ (vote.outcome);
  const result = section(
    'result',
    t('vote.live.result'),
    h('p', { class: 'result-text', id: 'result-text' }, h('strong', {}, resultText(vote))),
    definitionList([
      [
        t('vote.live.decision'),
        vote.decisionNumber
          ? h(
              'a',
              { id: 'decision-link', class: 'touch', href: decisionHash(regionId, vote.decisionNumber) },
              t('vote.live.decisionLink', { number: vote.decisionNumber }),
            )
          : null,
      ],
      [t('vote.live.closedAt'), vote.closedAt ? timeElement(vote.closedAt) : null],
      [t('vote.live.closedBy'), vote.closedBy?.name],
      [t('vote.live.closeReasonLabel'), vote.closeReason ? t(`vote.live.closeReason.${vote.closeReason}`) : null],
      [t('vote.live.quorumLabel'), quorumText(outcome.quorum)],
      [t('vote.live.castingVote'), outcome.castingVote ? t('vote.live.castingVoteText') : null],
    ]),
    tallyTable('result-tally', vote, outcome.tally),
  );
  result.querySelector('h2')?.setAttribute('tabindex', '-1');
  return result;
}

/** @param {string} regionId @param {Vote} vote @param {boolean} optionsShown */
function subjectSection(regionId, vote, optionsShown) {
  const { subject } = vote;
  return section(
    'subject',
    t('vote.live.subject'),
    definitionList([
      [t('vote.live.motion'), h('p', { class: 'prewrap motion' }, subject.motion)],
      // The dossier's link is with the basis for the decision, below.
      [
        t('vote.live.mandate'),
        subject.mandateId
          ? h('a', { id: 'subject-mandate', class: 'touch', href: mandateHash(regionId, subject.mandateId) }, t('vote.live.mandateLink'))
          : null,
      ],
      [
        t('vote.live.meeting'),
        subject.meetingId
          ? h('a', { id: 'subject-meeting', class: 'touch', href: meetingHash(regionId, subject.meetingId) }, t('vote.live.meetingLink'))
          : null,
      ],
      [
        t('vote.live.options'),
        vote.ballot.kind === 'options' && !optionsShown
          ? h(
              'ol',
              {},
              vote.ballot.options.map((option) => h('li', {}, option.title)),
            )
          : null,
      ],
      [t('vote.live.openedAt'), h('span', {}, vote.openedBy ? `${vote.openedBy.name}, ` : null, timeElement(vote.openedAt))],
      // The time left matters only while the vote is open.
      [t('vote.live.deadline'), vote.deadline ? (vote.status === 'open' ? deadlineNode(vote.deadline) : timeElement(vote.deadline)) : null],
    ]),
  );
}

/**
 * Quorum, tally (named votes while open; every vote once closed), who has
 * not voted yet, who voted how (named votes), and the recusals.
 *
 * @param {Vote} vote
 */
function stateSection(vote) {
  const named = !vote.secret;
  const outstanding = vote.status === 'open' ? vote.outstanding : [];
  return section(
    'vote-state',
    vote.status === 'open' ? t('vote.live.state') : t('vote.live.stateClosed'),
    // Once decided, the result above gives the quorum.
    vote.outcome ? null : h('p', { id: 'quorum-text' }, h('strong', {}, t('vote.live.quorumLabel')), ': ', quorumText(vote.quorum)),
    vote.status === 'open' && vote.tally ? tallyTable('live-tally', vote, vote.tally) : null,
    vote.status === 'open' && !vote.tally ? h('p', { class: 'meta' }, t('vote.live.tallyHidden')) : null,
    outstanding.length === 0
      ? null
      : h(
          'p',
          { id: 'outstanding' },
          h('strong', {}, tCount('vote.live.outstandingCount', outstanding.length)),
          named ? [': ', outstanding.map((person) => person.name).join(', ')] : null,
        ),
    named && vote.ballots.length > 0 ? ballotList(vote) : null,
    vote.recusals.length > 0 ? recusalList(vote) : null,
    vote.showOfHands
      ? h('p', { class: 'meta' }, t('vote.live.showOfHandsBy', { name: vote.showOfHands.recordedBy.name }), ' ', timeElement(vote.showOfHands.recordedAt))
      : null,
    h('p', { class: 'meta' }, t('vote.live.asOf'), ' ', timeElement(vote.updatedAt)),
  );
}

/** @param {string} id @param {Vote} vote @param {import('../board-api.js').TallyEntry[]} tally */
function tallyTable(id, vote, tally) {
  if (tally.length === 0) return null;
  return h(
    'table',
    { id, class: 'compact tally' },
    h('caption', {}, t('vote.live.tally')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('vote.live.choice')), h('th', { scope: 'col' }, t('vote.live.count')))),
    h(
      'tbody',
      {},
      tally.map((entry) =>
        h('tr', {}, h('th', { scope: 'row' }, choiceText(vote, entry.choice, entry.optionId)), h('td', { class: 'number' }, formatNumber(entry.count))),
      ),
    ),
  );
}

/** Who voted how, with the deputy who cast it and the dissent note. @param {Vote} vote */
function ballotList(vote) {
  const seatName = new Map(vote.seats.map((seat) => [seat.memberId, seat.name]));
  return h(
    'div',
    {},
    h('h3', {}, t('vote.live.ballots')),
    h(
      'ul',
      { class: 'ballots', id: 'ballot-list' },
      vote.ballots.map((ballot) =>
        h(
          'li',
          {},
          h('span', { class: 'name' }, seatName.get(ballot.seatId) ?? ballot.seatId),
          ': ',
          choiceText(vote, ballot.choice, ballot.optionId),
          ballot.castBy.id === ballot.seatId ? null : [' ', t('vote.live.castByDeputy', { name: ballot.castBy.name })],
          ballot.note ? h('span', { class: 'block meta prewrap' }, t('vote.live.noteShown', { note: ballot.note })) : null,
        ),
      ),
    ),
  );
}

/** @param {Vote} vote */
function recusalList(vote) {
  return h(
    'div',
    {},
    h('h3', {}, t('vote.live.recusals')),
    h(
      'ul',
      { class: 'ballots', id: 'recusal-list' },
      vote.recusals.map((recusal) => h('li', {}, h('span', { class: 'name' }, recusal.name), recusal.reason ? ` – ${recusal.reason}` : null)),
    ),
  );
}
