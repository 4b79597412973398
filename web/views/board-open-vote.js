import { api, ApiError, NetworkError, newIdempotencyKey } from '../api.js';
import { boardApi } from '../board-api.js';
import { h } from '../dom.js';
import { clearProblem, describeFieldError } from '../forms.js';
import { has, t } from '../i18n/index.js';
import { berlinDateTime, berlinInstant, boardHash, mandateHash, meetingHash, problemText, voteHash } from './board-shared.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */

const ID = 'new-vote';
const DAY_MS = 86_400_000;

/**
 * Opening a vote (chair, office lead): title, motion, yes/no or options (rows
 * added and removed), written procedure with a deadline or a vote in the
 * meeting, secret or named. `?meetingId=&itemId=&mandateId=` ties it to an
 * agenda item or a mandate (the meetings pages link here); a mandate gives
 * its title and options as a start.
 */
export async function boardOpenVoteView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const link = {
    meetingId: ctx.query.get('meetingId') || null,
    itemId: ctx.query.get('itemId') || null,
    mandateId: ctx.query.get('mandateId') || null,
  };
  const [board, mandate] = await Promise.all([
    boardApi.board(regionId, ctx.signal).catch(() => null),
    link.mandateId ? api.mandate(regionId, link.mandateId, ctx.signal).catch(() => null) : null,
  ]);
  const proposal = berlinDateTime(Date.now() + 7 * DAY_MS);
  const optionTitles = /** @type {string[]} */ (mandate?.options?.map((/** @type {{title: string}} */ option) => option.title) ?? []);

  const summary = h('div', { id: `${ID}-problem`, class: 'form-problem', role: 'alert', tabindex: '-1' });
  const optionRows = h('ol', { id: `${ID}-option-rows`, class: 'option-rows' });
  const addButton = h('button', { type: 'button', id: `${ID}-add-option`, class: 'button secondary' }, t('board.open.addOption'));
  const optionsBox = h(
    'fieldset',
    { class: 'field', id: `${ID}-options`, hidden: optionTitles.length === 0 },
    h('legend', {}, t('board.open.options')),
    errorNode(`${ID}-options`),
    optionRows,
    addButton,
    checkbox('allowRevise', t('board.open.allowRevise'), true),
    checkbox('allowReject', t('board.open.allowReject'), true),
  );
  const deadlineBox = h(
    'div',
    { class: 'inline-fields', id: `${ID}-deadline-box` },
    field('deadline', t('board.open.deadlineDate'), h('input', { type: 'date', id: `${ID}-deadline`, name: 'deadline', required: true, value: proposal.date })),
    field(
      'deadlineTime',
      t('board.open.deadlineTime'),
      h('input', { type: 'time', id: `${ID}-deadlineTime`, name: 'deadlineTime', required: true, value: '18:00' }),
    ),
  );
  const mode = link.meetingId ? 'meeting' : 'written';
  deadlineBox.hidden = mode !== 'written';

  const form = h(
    'form',
    { id: ID, novalidate: true },
    summary,
    field('title', t('board.open.titleLabel'), h('input', { type: 'text', id: `${ID}-title`, name: 'title', required: true, value: mandate?.title ?? '' })),
    field(
      'motion',
      t('board.open.motion'),
      h('textarea', { id: `${ID}-motion`, name: 'motion', required: true, rows: 5, 'aria-describedby': `${ID}-motion-hint` }),
      t('board.open.motionHint'),
    ),
    field(
      'rationale',
      [t('board.open.rationale'), h('span', { class: 'optional' }, ` ${t('form.optional')}`)],
      h('textarea', { id: `${ID}-rationale`, name: 'rationale', rows: 4, 'aria-describedby': `${ID}-rationale-hint` }),
      t('board.open.rationaleHint'),
    ),
    radios(
      'kind',
      t('board.open.kind'),
      [
        ['yes_no', t('board.open.kind.yes_no')],
        ['options', t('board.open.kind.options')],
      ],
      optionTitles.length > 0 ? 'options' : 'yes_no',
    ),
    optionsBox,
    radios(
      'mode',
      t('board.open.mode'),
      [
        ['written', t('board.open.mode.written')],
        ['meeting', t('board.open.mode.meeting')],
      ],
      mode,
    ),
    deadlineBox,
    h('div', { class: 'field' }, checkbox('secret', t('board.open.secret'), board?.secretByDefault ?? false, t('board.open.secretHint'))),
    h('button', { type: 'submit', id: `${ID}-submit`, class: 'button' }, t('board.open.submit')),
  );

  /** Adds an option row; the focus goes to it when added by the user. @param {string} value @param {boolean} focus */
  function addRow(value, focus) {
    const row = h('li', { class: 'option-row' });
    optionRows.append(row);
    renumber();
    const input = /** @type {HTMLInputElement} */ (row.querySelector('input'));
    input.value = value;
    if (focus) input.focus();
  }

  /** Labels and ids follow the position, so errors at `ballot.options.1.title` find their row. */
  function renumber() {
    [...optionRows.children].forEach((row, index) => {
      const value = /** @type {HTMLInputElement | null} */ (row.querySelector('input'))?.value ?? '';
      const inputId = `${ID}-option-${index}`;
      const remove = h('button', { type: 'button', class: 'button secondary' }, t('board.open.removeOption', { number: index + 1 }));
      remove.addEventListener('click', () => {
        row.remove();
        renumber();
        const rows = optionRows.querySelectorAll('input');
        /** @type {HTMLElement} */ (rows[Math.min(index, rows.length - 1)] ?? addButton).focus();
        ctx.announce(t('board.open.optionRemoved', { number: index + 1 }));
      });
      row.replaceChildren(
        h('label', { for: inputId }, t('board.open.optionLabel', { number: index + 1 })),
        errorNode(inputId),
        h('div', { class: 'row-input' }, h('input', { type: 'text', id: inputId, name: 'option', value }), optionRows.children.length > 1 ? remove : null),
      );
      /** @type {HTMLInputElement} */ (row.querySelector('input')).value = value;
    });
  }

  for (const title of optionTitles.length > 0 ? optionTitles : ['', '']) addRow(title, false);
  addButton.addEventListener('click', () => addRow('', true));
  form.addEventListener('change', (event) => {
    const target = /** @type {HTMLInputElement} */ (event.target);
    if (target.name === 'kind') optionsBox.hidden = target.value !== 'options';
    if (target.name === 'mode') deadlineBox.hidden = target.value !== 'written';
  });

  let idempotencyKey = newIdempotencyKey();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    clearProblem(form, summary);
    const body = readBody(form, link);
    form.setAttribute('aria-busy', 'true');
    try {
      const vote = await boardApi.open(regionId, body, idempotencyKey);
      ctx.navigate(voteHash(regionId, vote.id), { notice: t('board.open.done', { title: vote.subject.title }) });
    } catch (error) {
      if (error instanceof ApiError) {
        idempotencyKey = newIdempotencyKey();
        showErrors(form, summary, error, body);
      } else if (error instanceof NetworkError) {
        summary.textContent = t('error.network');
        summary.focus();
      } else throw error;
    } finally {
      form.removeAttribute('aria-busy');
    }
  });

  return h(
    'div',
    { class: 'open-vote' },
    h('p', { class: 'back' }, h('a', { href: boardHash(regionId) }, t('vote.live.back'))),
    h('h1', { tabindex: '-1' }, t('board.open.title')),
    link.mandateId || link.meetingId
      ? h(
          'ul',
          { class: 'link-list' },
          link.mandateId
            ? h(
                'li',
                {},
                h(
                  'a',
                  { class: 'touch', href: mandateHash(regionId, link.mandateId) },
                  t('board.open.forMandate', { title: mandate?.title ?? link.mandateId }),
                ),
              )
            : null,
          link.meetingId ? h('li', {}, h('a', { class: 'touch', href: meetingHash(regionId, link.meetingId) }, t('board.open.forMeeting'))) : null,
        )
      : null,
    form,
  );
}

/** @param {string} controlId */
const errorNode = (controlId) => h('p', { id: `${controlId}-error`, class: 'field-error', hidden: true });

/**
 * A labelled field with its error line (and a hint).
 * @param {string} name @param {string | Array<string | Node>} label @param {HTMLElement} control @param {string} [hint]
 */
function field(name, label, control, hint) {
  const controlId = `${ID}-${name}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: controlId }, label),
    hint ? h('p', { id: `${controlId}-hint`, class: 'hint' }, hint) : null,
    errorNode(controlId),
    control,
  );
}

/** @param {string} name @param {string} legend @param {Array<[string, string]>} choices @param {string} checked */
function radios(name, legend, choices, checked) {
  const groupId = `${ID}-${name}`;
  return h(
    'fieldset',
    { class: 'field', id: groupId },
    h('legend', {}, legend),
    errorNode(groupId),
    choices.map(([value, label], index) =>
      h(
        'div',
        { class: 'choice' },
        h('input', { type: 'radio', id: `${groupId}-${index}`, name, value, checked: value === checked }),
        h('label', { for: `${groupId}-${index}` }, label),
      ),
    ),
  );
}

/** @param {string} name @param {string} label @param {boolean} checked @param {string} [hint] */
function checkbox(name, label, checked, hint) {
  const id = `${ID}-${name}`;
  return h(
    'div',
    { class: 'choice' },
    h('input', { type: 'checkbox', id, name, checked, 'aria-describedby': hint ? `${id}-hint` : null }),
    h('label', { for: id }, label, hint ? h('span', { id: `${id}-hint`, class: 'hint block' }, hint) : null),
  );
}

/**
 * The API's body from the form. Empty option rows are left out; the
 * deadline is Berlin time as typed, sent as an instant.
 *
 * @param {HTMLFormElement} form @param {{meetingId: string | null, itemId: string | null, mandateId: string | null}} link
 */
function readBody(form, link) {
  const value = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.querySelector(`#${ID}-${name}`)).value.trim();
  const checked = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.querySelector(`#${ID}-${name}`)).checked;
  const kind = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="kind"]:checked'))?.value ?? 'yes_no';
  const mode = /** @type {HTMLInputElement | null} */ (form.querySelector('input[name="mode"]:checked'))?.value ?? 'written';
  const options = [...form.querySelectorAll('input[name="option"]')].map((input) => ({ title: /** @type {HTMLInputElement} */ (input).value.trim() }));
  return {
    subject: {
      title: value('title'),
      motion: value('motion'),
      ...(value('rationale') ? { rationale: value('rationale') } : {}),
      ...(link.meetingId ? { meetingId: link.meetingId } : {}),
      ...(link.itemId ? { itemId: link.itemId } : {}),
      ...(link.mandateId ? { mandateId: link.mandateId } : {}),
    },
    ballot:
      kind === 'options'
        ? { kind, options: options.filter((option) => option.title !== ''), allowRevise: checked('allowRevise'), allowReject: checked('allowReject') }
        : { kind },
    mode,
    secret: checked('secret'),
    ...(mode === 'written' ? { deadline: berlinInstant(value('deadline'), value('deadlineTime')) ?? '' } : {}),
  };
}

/**
 * Where an error of the API's body belongs: the control (or radio group)
 * id and the kind of field, for wording the message. Option rows are
 * counted among the non-empty ones sent.
 *
 * @param {string} path e.g. `subject.title`, `ballot.options.1.title`, `deadline`
 * @param {ReturnType<typeof readBody>} body
 * @param {HTMLFormElement} form
 * @returns {{id: string, type: string, group: boolean} | null}
 */
function locate(path, body, form) {
  const parts = path.split(/[.[\]]+/).filter(Boolean);
  if (parts[0] === 'subject' && (parts[1] === 'title' || parts[1] === 'motion' || parts[1] === 'rationale'))
    return { id: `${ID}-${parts[1]}`, type: 'text', group: false };
  if (parts[0] === 'ballot' && parts[1] === 'kind') return { id: `${ID}-kind`, type: 'radio', group: true };
  if (parts[0] === 'ballot' && parts[1] === 'options' && parts[2] !== undefined && /^\d+$/.test(parts[2])) {
    const sent = /** @type {{options?: Array<{title: string}>}} */ (body.ballot).options ?? [];
    const title = sent[Number(parts[2])]?.title;
    const inputs = [...form.querySelectorAll('input[name="option"]')];
    const input = inputs.find((candidate) => /** @type {HTMLInputElement} */ (candidate).value.trim() === title) ?? inputs[Number(parts[2])];
    return input ? { id: input.id, type: 'text', group: false } : { id: `${ID}-options`, type: 'text', group: true };
  }
  if (parts[0] === 'ballot') return { id: `${ID}-options`, type: 'text', group: true };
  if (parts[0] === 'mode') return { id: `${ID}-mode`, type: 'radio', group: true };
  if (parts[0] === 'deadline') return { id: `${ID}-deadline`, type: 'date', group: false };
  if (parts[0] === 'secret') return { id: `${ID}-secret`, type: 'text', group: false };
  return null;
}

/**
 * The API's answer at the fields it names, in the user's language; anything
 * else in the summary above the form.
 *
 * @param {HTMLFormElement} form @param {HTMLElement} summary @param {ApiError} error @param {ReturnType<typeof readBody>} body
 */
function showErrors(form, summary, error, body) {
  const errors = error.problem.errors ?? [];
  /** @type {string[]} */
  const unplaced = [];
  for (const fieldError of errors) {
    const place = locate(String(fieldError.field), body, form);
    const name = String(fieldError.field).split(/[.[]/)[0] ?? '';
    // The board's own rules (too few options) have their words here; the rest are the form's common ones.
    const message = has(`board.open.error.${fieldError.code}`)
      ? t(`board.open.error.${fieldError.code}`)
      : describeFieldError(fieldError, place ? { name, type: /** @type {'text'} */ (place.type), label: '' } : undefined, undefined).text;
    const target = place ? form.querySelector(`#${CSS.escape(place.id)}-error`) : null;
    if (!place || !target) {
      unplaced.push(message);
      continue;
    }
    if (!target.textContent?.includes(message)) target.textContent = [target.textContent, message].filter(Boolean).join(' ');
    target.removeAttribute('hidden');
    const controls = place.group ? form.querySelectorAll(`#${CSS.escape(place.id)} input`) : [form.querySelector(`#${CSS.escape(place.id)}`)];
    for (const control of controls) {
      if (!control) continue;
      control.setAttribute('aria-invalid', 'true');
      const describedBy = control.getAttribute('aria-describedby');
      if (!describedBy?.includes(target.id)) control.setAttribute('aria-describedby', describedBy ? `${describedBy} ${target.id}` : target.id);
    }
  }
  summary.append(h('p', {}, errors.length > 0 && unplaced.length < errors.length ? t('form.fixFields') : problemText(error)));
  if (unplaced.length > 0)
    summary.append(
      h(
        'ul',
        {},
        unplaced.map((message) => h('li', {}, message)),
      ),
    );
  const invalid = form.querySelector('[aria-invalid="true"]');
  /** @type {HTMLElement} */ (invalid instanceof HTMLElement && !invalid.closest('[hidden]') ? invalid : summary).focus();
}
