import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { choiceLabel } from '../labels.js';

/** @typedef {import('../forms.js').FieldSpec} FieldSpec */
/** @typedef {import('./mandate-vote.js').Vote} Vote */

/**
 * The fields of each action's payload. The names are the API's payload keys,
 * so field errors from the API land at the right field. Actions the UI does
 * not know get a form without fields rather than no button at all.
 *
 * @param {string} action
 * @param {{indicators: string[], vote: Vote | null, options: Array<{id: string, title: string}>}} mandate
 * @param {string} userId
 * @param {Array<{value: string, label: string}>} meetingChoices
 * @returns {FieldSpec[]}
 */
function fieldsFor(action, mandate, userId, meetingChoices) {
  const field = (/** @type {string} */ name, /** @type {FieldSpec['type']} */ type, extra = {}) => ({
    name,
    type,
    label: t(`field.${name}`),
    ...extra,
  });
  const voteDeadline = field('voteDeadline', 'date', { hint: t('field.voteDeadline.hint') });
  switch (action) {
    case 'submit':
    case 'submit-dossier':
      return [
        voteDeadline,
        // In writing (Umlaufverfahren), or at an agenda item of a planned meeting about this mandate.
        field('voteIn', 'select', {
          choices: [{ value: 'written', label: t('field.voteIn.written') }, ...meetingChoices],
          value: 'written',
          hint: t('field.voteIn.hint'),
          errorFields: ['meetingId', 'itemId', 'voteMode'],
        }),
        field('secret', 'checkboxes', { choices: [{ value: 'secret', label: t('field.secret.choice') }] }),
      ];
    case 'vote':
      return [
        field('choice', 'radio', {
          required: true,
          choices: voteChoices(mandate),
          value: ownChoice(mandate.vote, userId),
          errorFields: ['optionId'],
        }),
      ];
    case 'extend-vote':
      return [field('deadline', 'date', { required: true })];
    case 'add-option':
      return [
        field('title', 'text', { required: true }),
        field('description', 'textarea', { required: true }),
        field('cost', 'number', { step: '0.01' }),
        field('resources', 'text'),
        field('expectedEffect', 'textarea'),
      ];
    case 'record-data':
      return [
        field('indicator', 'text', { required: true, suggestions: mandate.indicators }),
        field('period', 'text', { required: true, hint: t('field.period.hint') }),
        field('value', 'number', { required: true, step: 'any' }),
        field('unit', 'text'),
        field('source', 'text'),
      ];
    case 'report-progress':
      return [field('text', 'textarea', { required: true }), field('percent', 'number', { step: '1' })];
    case 'complete-implementation':
      return [field('summary', 'textarea', { required: true })];
    case 'close':
      return [field('evaluation', 'textarea', { required: true })];
    case 'withdraw':
      return [field('reason', 'textarea', { required: true })];
    default:
      return [];
  }
}

/**
 * Approval: yes/no/abstain. Decision: one choice per option, then revise,
 * reject, abstain. Option choices carry the option id in the value.
 *
 * @param {{vote: Vote | null, options: Array<{id: string, title: string}>}} mandate
 */
function voteChoices({ vote, options }) {
  const plain = (/** @type {string} */ choice) => ({ value: choice, label: t(`choice.${choice}`) });
  if (vote?.kind !== 'decision') return ['yes', 'no', 'abstain'].map(plain);
  return [
    ...options.map((option) => ({ value: `option:${option.id}`, label: choiceLabel('option', option.id, options) })),
    ...['revise', 'reject', 'abstain'].map(plain),
  ];
}

/**
 * A member may change their vote while it is open; the form starts with the
 * ballot they cast, so they see what they chose.
 *
 * @param {Vote | null} vote @param {string} userId
 */
function ownChoice(vote, userId) {
  const ballot = vote?.ballots.find((candidate) => candidate.voter.id === userId);
  if (!ballot) return undefined;
  return ballot.choice === 'option' ? `option:${ballot.optionId}` : ballot.choice;
}

/** The vote form's `option:<id>` value becomes the API's `{choice: 'option', optionId}`. */
function toPayload(/** @type {string} */ action, /** @type {Record<string, unknown>} */ values) {
  if (action === 'submit' || action === 'submit-dossier') {
    const { voteIn, secret, ...rest } = values;
    const [meetingId, itemId] = typeof voteIn === 'string' && voteIn !== 'written' ? voteIn.split('|') : [];
    return {
      ...rest,
      ...(meetingId && itemId ? { meetingId, itemId } : {}),
      ...(Array.isArray(secret) && secret.includes('secret') ? { secret: true } : {}),
    };
  }
  if (action !== 'vote' || typeof values.choice !== 'string' || !values.choice.startsWith('option:')) return values;
  return { choice: 'option', optionId: values.choice.slice('option:'.length) };
}

/**
 * One form per allowed action, drawn from `allowedActions` alone: the API
 * decides who may do what, the page never repeats a rule.
 *
 * @param {{allowedActions: string[], indicators: string[], vote: Vote | null, options: Array<{id: string, title: string}>}} mandate
 * @param {(action: string, payload: Record<string, unknown>, idempotencyKey: string) => Promise<void>} perform
 * @param {string} userId the caller, whose ballot the vote form shows
 * @param {Array<{value: string, label: string}>} [meetingChoices] agenda items of planned meetings about this mandate (`<meetingId>|<itemId>`)
 */
export function actionsSection(mandate, perform, userId, meetingChoices = []) {
  return section(
    'actions',
    t('detail.actions'),
    mandate.allowedActions.length === 0
      ? h('p', {}, t('detail.noActions'))
      : mandate.allowedActions.map((action) => {
          const headingId = `action-${action}-heading`;
          return h(
            'section',
            { class: 'action', 'aria-labelledby': headingId },
            h('h3', { id: headingId }, t(`action.${action}`)),
            buildForm({
              id: `action-${action}`,
              fields: fieldsFor(action, mandate, userId, meetingChoices),
              submitLabel: t(`action.${action}`),
              submitClass: action === 'withdraw' ? 'button danger' : 'button',
              onSubmit: (values, idempotencyKey) => perform(action, toPayload(action, values), idempotencyKey),
            }),
          );
        }),
  );
}
