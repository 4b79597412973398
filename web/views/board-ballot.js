import { boardApi } from '../board-api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { ballotChoices, choiceText, choiceValue, parseChoice } from './board-shared.js';

/** @typedef {import('./board-vote.js').VoteTools} VoteTools */
/** @typedef {import('../board-api.js').Vote} Vote */

/**
 * "Ihre Stimme": the ballot the viewer cast (their own seat's, and any cast
 * as a deputy), and while the vote is open the form to cast or change it.
 * Null for someone who has no part in the vote (the office, a manager).
 *
 * @param {VoteTools} tools
 */
export function ballotSection(tools) {
  const { vote, userId } = tools;
  const { viewer } = vote;
  const mayVote = viewer.allowed.includes('ballot') && vote.status === 'open';
  const asDeputy = vote.ballots.filter((ballot) => ballot.castBy.id === userId && ballot.seatId !== userId);
  if (!mayVote && !viewer.hasVoted && !viewer.recused && asDeputy.length === 0) return null;
  const seatName = new Map(vote.seats.map((seat) => [seat.memberId, seat.name]));

  return section(
    'your-vote',
    t('vote.live.yourVote'),
    h('p', { id: 'my-ballot', class: 'my-ballot', tabindex: '-1' }, ownBallotText(vote)),
    asDeputy.length > 0
      ? h(
          'ul',
          { class: 'plain' },
          asDeputy.map((ballot) =>
            h(
              'li',
              {},
              t('vote.live.deputyBallot', { name: seatName.get(ballot.seatId) ?? ballot.seatId, choice: choiceText(vote, ballot.choice, ballot.optionId) }),
            ),
          ),
        )
      : null,
    mayVote && viewer.seats.length === 1 && viewer.seats[0] !== userId
      ? h('p', { id: 'deputy-for' }, t('vote.live.asDeputyFor', { name: seatName.get(viewer.seats[0] ?? '') ?? '' }))
      : null,
    mayVote && viewer.hasVoted ? h('p', { class: 'hint' }, t('vote.live.mayChange')) : null,
    mayVote ? ballotForm(tools, seatName) : null,
  );
}

/** @param {Vote} vote */
function ownBallotText(vote) {
  const { viewer } = vote;
  if (viewer.recused) return t('vote.live.youRecused');
  if (viewer.ballot) return t('vote.live.yourVoteIs', { choice: choiceText(vote, viewer.ballot.choice, viewer.ballot.optionId) });
  if (viewer.hasVoted) return t('vote.live.youVotedSecret');
  return vote.status === 'open' ? t('vote.live.notVotedYet') : t('vote.live.didNotVote');
}

/**
 * Radio groups with a legend each: for whom (only for a deputy who may vote
 * for more than one seat) and the choice; a dissent note for named votes.
 *
 * @param {VoteTools} tools @param {Map<string, string>} seatName
 */
function ballotForm(tools, seatName) {
  const { vote, userId } = tools;
  const seats = vote.viewer.seats;
  const own = vote.ballots.find((ballot) => ballot.seatId === userId && ballot.castBy.id === userId);
  const choices = ballotChoices(vote.ballot);
  /** @type {Array<import('../forms.js').FieldSpec | null>} */
  const fields = [
    seats.length > 1
      ? {
          name: 'forMemberId',
          type: 'radio',
          label: t('vote.live.forWhom'),
          required: true,
          choices: seats.map((seatId) => ({
            value: seatId,
            label: seatId === userId ? t('vote.live.forSelf') : t('vote.live.forDeputy', { name: seatName.get(seatId) ?? seatId }),
          })),
          value: seats.includes(userId) ? userId : seats[0],
        }
      : null,
    {
      name: 'choice',
      type: 'radio',
      label: t('vote.live.choiceLegend', { motion: vote.subject.title }),
      required: true,
      choices: choices.map(({ value, label }) => ({ value, label })),
      value: vote.viewer.ballot ? choiceValue(vote.viewer.ballot) : undefined,
      errorFields: ['optionId'],
    },
    // A secret vote keeps no names, so it keeps no dissent either.
    vote.secret ? null : { name: 'note', type: 'textarea', label: t('vote.live.note'), hint: t('vote.live.noteHint'), value: own?.note ?? undefined },
  ];

  const form = buildForm({
    id: 'ballot',
    fields: fields.filter(/** @returns {field is import('../forms.js').FieldSpec} */ (field) => field !== null),
    submitLabel: vote.viewer.hasVoted ? t('vote.live.change') : t('vote.live.submit'),
    async onSubmit(values, idempotencyKey) {
      const forMemberId = typeof values.forMemberId === 'string' ? values.forMemberId : seats.length === 1 ? seats[0] : undefined;
      const body = {
        ...(typeof values.choice === 'string' ? parseChoice(values.choice) : {}),
        ...(forMemberId && forMemberId !== userId ? { forMemberId } : {}),
        ...(typeof values.note === 'string' ? { note: values.note } : {}),
      };
      await tools.run(
        () => boardApi.ballot(tools.regionId, vote.id, /** @type {{choice: string}} */ (body), idempotencyKey),
        (next) => t('vote.live.done.ballot', { choice: choiceText(next, body.choice ?? '', body.optionId) }),
        'my-ballot',
      );
    },
  });
  form.querySelector('button[type="submit"]')?.setAttribute('id', 'ballot-submit');
  return form;
}

/**
 * Declaring oneself biased (befangen) takes two steps: the button opens an
 * explanation with an optional reason, and only its confirm button sends.
 * The seat then drops out of the vote and a ballot already cast is removed.
 *
 * @param {VoteTools} tools
 */
export function recusalSection(tools) {
  const { vote } = tools;
  const { viewer } = vote;
  if (vote.status !== 'open' || viewer.recused || !viewer.allowed.includes('recuse')) return null;

  const start = h(
    'button',
    { type: 'button', id: 'recuse-start', class: 'button secondary', 'aria-expanded': 'false', 'aria-controls': 'recuse-panel' },
    t('vote.live.recuseStart'),
  );
  const cancel = h('button', { type: 'button', id: 'recuse-cancel', class: 'button secondary' }, t('vote.live.cancel'));
  const form = buildForm({
    id: 'recuse',
    fields: [{ name: 'reason', type: 'textarea', label: t('vote.live.recusalReason'), hint: t('vote.live.recusalReasonHint') }],
    submitLabel: t('vote.live.recuseConfirm'),
    submitClass: 'button danger',
    async onSubmit(values, idempotencyKey) {
      const body = typeof values.reason === 'string' ? { reason: values.reason } : {};
      await tools.run(
        () => boardApi.recuse(tools.regionId, vote.id, body, idempotencyKey),
        () => t('vote.live.done.recused'),
        'my-ballot',
      );
    },
  });
  form.querySelector('button[type="submit"]')?.setAttribute('id', 'recuse-confirm');
  form.append(cancel);
  const panel = h(
    'div',
    { id: 'recuse-panel', class: 'confirm-panel', hidden: true },
    h('p', { class: 'warning' }, viewer.hasVoted ? t('vote.live.recuseWarningVoted') : t('vote.live.recuseWarning')),
    form,
  );

  const toggle = (/** @type {boolean} */ open) => {
    panel.hidden = !open;
    start.setAttribute('aria-expanded', String(open));
    /** @type {HTMLElement | null} */ (open ? panel.querySelector('textarea') : start)?.focus();
  };
  start.addEventListener('click', () => toggle(panel.hidden));
  cancel.addEventListener('click', () => toggle(false));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') toggle(false);
  });

  return section('recusal', t('vote.live.recusal'), h('p', {}, t('vote.live.recusalHint')), start, panel);
}
