import { ApiError, newIdempotencyKey } from '../api.js';
import { boardApi } from '../board-api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n/index.js';
import { ballotChoices, berlinDateTime, berlinInstant, parseChoice, problemText, resultText } from './board-shared.js';

/** @typedef {import('./board-vote.js').VoteTools} VoteTools */
/** @typedef {import('../board-api.js').Vote} Vote */

const DAY_MS = 86_400_000;

/**
 * The chair's (and the office lead's) tools, as far as the vote's `allowed`
 * offers them: close now, set a new deadline, record a show of hands, and
 * record that a member is biased. Null when none is offered.
 *
 * @param {VoteTools} tools
 */
export function chairSection(tools) {
  const { allowed } = tools.vote.viewer;
  const parts = [
    allowed.includes('close') && tools.vote.status === 'open' ? closePart(tools) : null,
    allowed.includes('extend') ? extendPart(tools) : null,
    allowed.includes('show-of-hands') && tools.vote.status === 'open' ? handsPart(tools) : null,
  ].filter((part) => part !== null);
  if (parts.length === 0) return null;
  return section('chair-tools', t('vote.chair.title'), parts, recuseMemberPart(tools));
}

/** A heading that can take the focus after its form was used. @param {string} id @param {string} text */
const subheading = (id, text) => h('h3', { id, tabindex: '-1' }, text);

/**
 * Closing is final, so it takes a confirmation; the text says what closing
 * now means for the result (without quorum: no result).
 *
 * @param {VoteTools} tools
 */
function closePart(tools) {
  const { vote } = tools;
  const start = h(
    'button',
    { type: 'button', id: 'close-start', class: 'button secondary', 'aria-expanded': 'false', 'aria-controls': 'close-panel' },
    t('vote.chair.closeStart'),
  );
  const confirm = h('button', { type: 'button', id: 'close-confirm', class: 'button danger' }, t('vote.chair.closeConfirm'));
  const cancel = h('button', { type: 'button', id: 'close-cancel', class: 'button secondary' }, t('vote.live.cancel'));
  const problem = h('p', { id: 'close-problem', class: 'form-problem', role: 'alert', tabindex: '-1' });
  const panel = h(
    'div',
    { id: 'close-panel', class: 'confirm-panel', hidden: true, role: 'group', 'aria-labelledby': 'close-question' },
    h('p', { id: 'close-question', class: 'warning' }, vote.quorum.reached ? t('vote.chair.closeReached') : t('vote.chair.closeNoQuorum')),
    problem,
    h('div', { class: 'row-actions' }, confirm, cancel),
  );
  const toggle = (/** @type {boolean} */ open) => {
    panel.hidden = !open;
    start.setAttribute('aria-expanded', String(open));
    (open ? confirm : start).focus();
  };
  start.addEventListener('click', () => toggle(panel.hidden));
  cancel.addEventListener('click', () => toggle(false));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') toggle(false);
  });
  // One key per attempt, as in buildForm: a double tap closes once.
  let key = newIdempotencyKey();
  confirm.addEventListener('click', async () => {
    if (confirm.disabled) return;
    confirm.disabled = true;
    problem.textContent = '';
    try {
      await tools.run(
        () => boardApi.close(tools.regionId, vote.id, key),
        (next) => t('vote.chair.done.closed', { result: resultText(next) }),
        'result-heading',
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problem.textContent = problemText(error);
      key = newIdempotencyKey();
      confirm.disabled = false;
      problem.focus();
    }
  });
  return h('div', { class: 'chair-tool' }, subheading('close-heading', t('vote.chair.close')), start, panel);
}

/**
 * A new deadline as Berlin date and time; a vote left without a result
 * opens again with it.
 *
 * @param {VoteTools} tools
 */
function extendPart(tools) {
  const { vote } = tools;
  const current = vote.deadline ? Date.parse(vote.deadline) : Date.now();
  const proposal = berlinDateTime(Math.max(current, Date.now()) + 7 * DAY_MS);
  const form = buildForm({
    id: 'extend',
    fields: [
      { name: 'date', type: 'date', label: t('vote.chair.deadlineDate'), required: true, value: proposal.date, errorFields: ['deadline'] },
      {
        name: 'time',
        type: /** @type {'text'} */ ('time'),
        label: t('vote.chair.deadlineTime'),
        required: true,
        value: vote.deadline ? berlinDateTime(current).time : '18:00',
      },
    ],
    submitLabel: vote.status === 'open' ? t('vote.chair.extendSubmit') : t('vote.chair.reopenSubmit'),
    async onSubmit(values, idempotencyKey) {
      const deadline = berlinInstant(String(values.date ?? ''), String(values.time ?? '')) ?? '';
      await tools.run(
        () => boardApi.extend(tools.regionId, vote.id, { deadline }, idempotencyKey),
        (next) => t('vote.chair.done.extended', { deadline: next.deadline ? formatDateTime(next.deadline) : '' }),
        'extend-heading',
      );
    },
  });
  form.classList.add('inline-form');
  return h(
    'div',
    { class: 'chair-tool' },
    subheading('extend-heading', vote.status === 'open' ? t('vote.chair.extend') : t('vote.chair.reopen')),
    h('p', { class: 'hint' }, t('vote.chair.extendHint')),
    form,
  );
}

/**
 * The counted show of hands in a meeting: one number per choice, and under
 * the chair's casting vote the choice that breaks a tie. Recording it closes
 * the vote.
 *
 * @param {VoteTools} tools
 */
function handsPart(tools) {
  const { vote } = tools;
  const choices = ballotChoices(vote.ballot);
  /** @type {import('../forms.js').FieldSpec[]} */
  const fields = choices.map((choice, index) => ({
    name: `count${index}`,
    type: 'number',
    label: t('vote.chair.count', { choice: choice.label }),
    required: true,
    step: '1',
    value: '0',
    errorFields: index === 0 ? ['tally'] : undefined,
  }));
  if (vote.tie === 'chair_casting') {
    fields.push({
      name: 'castingChoice',
      type: 'select',
      label: t('vote.chair.castingChoice'),
      hint: t('vote.chair.castingChoiceHint'),
      choices: [
        { value: 'none', label: t('vote.chair.noCasting') },
        ...choices.filter((choice) => choice.choice !== 'abstain').map(({ value, label }) => ({ value, label })),
      ],
      value: 'none',
    });
  }
  const form = buildForm({
    id: 'hands',
    fields,
    submitLabel: t('vote.chair.handsSubmit'),
    async onSubmit(values, idempotencyKey) {
      const tally = choices.map((choice, index) => ({
        choice: choice.choice,
        ...(choice.optionId ? { optionId: choice.optionId } : {}),
        count: typeof values[`count${index}`] === 'number' ? values[`count${index}`] : 0,
      }));
      const casting = typeof values.castingChoice === 'string' && values.castingChoice !== 'none' ? parseChoice(values.castingChoice) : null;
      await tools.run(
        () => boardApi.showOfHands(tools.regionId, vote.id, { tally: /** @type {any} */ (tally), castingChoice: casting }, idempotencyKey),
        (next) => t('vote.chair.done.hands', { result: resultText(next) }),
        'result-heading',
      );
    },
  });
  form.classList.add('hands-form');
  return h('div', { class: 'chair-tool' }, subheading('hands-heading', t('vote.chair.hands')), h('p', { class: 'hint' }, t('vote.chair.handsHint')), form);
}

/**
 * The chair or the office records that a member is biased (e.g. announced
 * in the meeting); the seat drops out of the vote.
 *
 * @param {VoteTools} tools
 */
function recuseMemberPart(tools) {
  const { vote } = tools;
  // Whoever runs the vote (it offers them closing) may record it; the API checks the same.
  if (vote.status !== 'open' || !vote.viewer.allowed.includes('close')) return null;
  const recused = new Set(vote.recusals.map((recusal) => recusal.memberId));
  const members = vote.seats.filter((seat) => !recused.has(seat.memberId));
  if (members.length === 0) return null;
  const form = buildForm({
    id: 'recuse-member',
    fields: [
      {
        name: 'memberId',
        type: 'select',
        label: t('vote.chair.member'),
        required: true,
        choices: members.map((seat) => ({ value: seat.memberId, label: seat.name })),
      },
      { name: 'reason', type: 'textarea', label: t('vote.live.recusalReason') },
    ],
    submitLabel: t('vote.chair.recuseSubmit'),
    async onSubmit(values, idempotencyKey) {
      const member = members.find((seat) => seat.memberId === values.memberId);
      await tools.run(
        () =>
          boardApi.recuse(
            tools.regionId,
            vote.id,
            { memberId: String(values.memberId ?? ''), ...(typeof values.reason === 'string' ? { reason: values.reason } : {}) },
            idempotencyKey,
          ),
        () => t('vote.chair.done.recused', { name: member?.name ?? '' }),
        'recuse-member-heading',
      );
    },
  });
  return h('div', { class: 'chair-tool' }, subheading('recuse-member-heading', t('vote.chair.recuseMember')), form);
}
