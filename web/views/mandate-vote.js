import { definitionList, h, section } from '../dom.js';
import { timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { choiceLabel } from '../labels.js';

/**
 * @typedef {{id: string, name: string}} Person
 * @typedef {{choice: string, optionId?: string | null, count: number}} TallyEntry
 * @typedef {{id: string, kind: 'approval' | 'decision', status: 'open' | 'unresolved' | 'closed' | 'cancelled', boardVoteId?: string,
 *   unresolvedReason: null | 'no_quorum' | 'tie', openedAt: string, deadline: string | null, voters: Person[],
 *   ballots: Array<{voter: Person, choice: string, optionId: string | null, castAt: string}>,
 *   tally: TallyEntry[], quorum: {required: number, cast: number, reached: boolean}}} Vote
 * @typedef {{optionId: string | null, optionTitle: string | null, decidedAt: string, tally: TallyEntry[]}} Decision
 * @typedef {Array<{id: string, title: string}>} OptionList
 */

/** The open (or unresolved) vote: its state, quorum, tally and who voted how. */
export function voteSection(/** @type {Vote} */ vote, /** @type {OptionList} */ options, /** @type {string} */ regionId) {
  const status =
    vote.status === 'unresolved' && vote.unresolvedReason
      ? `${t('vote.status.unresolved')}: ${t(`vote.reason.${vote.unresolvedReason}`)}`
      : t(`vote.status.${vote.status}`);
  const quorum = t('vote.quorumText', {
    cast: vote.quorum.cast,
    required: vote.quorum.required,
    reached: t(vote.quorum.reached ? 'vote.quorumReached' : 'vote.quorumMissing'),
  });
  return section(
    'vote',
    t('vote.title', { kind: t(`vote.kind.${vote.kind}`) }),
    definitionList([
      [t('vote.status'), status],
      [t('vote.openedAt'), timeElement(vote.openedAt)],
      // A vote in a meeting has no deadline: the chair closes it.
      [t('vote.deadline'), vote.deadline ? timeElement(vote.deadline) : t('vote.inMeeting')],
      [t('vote.quorum'), quorum],
    ]),
    // The board vote's own page: the basis of the decision, recusal, and the chair's tools.
    vote.boardVoteId
      ? h(
          'p',
          {},
          h(
            'a',
            { id: 'board-vote-link', href: `#/regions/${encodeURIComponent(regionId)}/votes/${encodeURIComponent(vote.boardVoteId)}` },
            t('vote.openBoardVote'),
          ),
        )
      : null,
    tallyTable('vote-tally', vote.tally, options),
    h('h3', {}, t('vote.ballots')),
    ballotList(vote, options),
  );
}

/** The board's resolution once the decision vote is through. */
export function decisionSection(/** @type {Decision} */ decision, /** @type {OptionList} */ options) {
  return section(
    'decision',
    t('decision.title'),
    definitionList([
      [t('decision.option'), decision.optionTitle ?? t('decision.none')],
      [t('decision.decidedAt'), timeElement(decision.decidedAt)],
    ]),
    tallyTable('decision-tally', decision.tally, options),
  );
}

/** @param {string} id @param {TallyEntry[]} tally @param {OptionList} options */
function tallyTable(id, tally, options) {
  if (tally.length === 0) return null;
  return h(
    'table',
    { id, class: 'compact' },
    h('caption', {}, t('vote.tally')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('vote.choice')), h('th', { scope: 'col' }, t('vote.count')))),
    h(
      'tbody',
      {},
      tally.map((entry) => h('tr', {}, h('th', { scope: 'row' }, choiceLabel(entry.choice, entry.optionId, options)), h('td', {}, entry.count))),
    ),
  );
}

/**
 * Every eligible voter with their ballot, so a board member sees at once who
 * still has to vote. Ballots are named: the record of who decided what is public
 * to the board.
 *
 * @param {Vote} vote @param {OptionList} options
 */
function ballotList(vote, options) {
  const ballotOf = new Map(vote.ballots.map((ballot) => [ballot.voter.id, ballot]));
  const people = [...vote.voters, ...vote.ballots.map((ballot) => ballot.voter).filter((voter) => !vote.voters.some((v) => v.id === voter.id))];
  return h(
    'ul',
    { class: 'ballots' },
    people.map((person) => {
      const ballot = ballotOf.get(person.id);
      return h(
        'li',
        {},
        h('span', { class: 'name' }, person.name),
        ': ',
        ballot
          ? [choiceLabel(ballot.choice, ballot.optionId, options), ' (', timeElement(ballot.castAt), ')']
          : h('span', { class: 'meta' }, t('vote.notVoted')),
      );
    }),
  );
}
