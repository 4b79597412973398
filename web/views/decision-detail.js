import { ApiError } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { timeElement } from '../format.js';
import { t, tCount } from '../i18n/index.js';
import { decisionHash, decisions, decisionsHash, meetingHash } from '../meetings-api.js';
import { office } from '../office-api.js';
import { mandateHash } from '../task-labels.js';
import { implementationSection } from './decision-items.js';
import { worded } from './meeting-detail.js';
import { byAt, choiceText, LEAD_ROLES, may, quorumText, refocus, resultBadge, rolesIn } from './meeting-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../meetings-api.js').DecisionDetail} DecisionDetail */
/** @typedef {import('../meetings-api.js').DecisionRecord} DecisionRecord */
/** @typedef {import('../meetings-api.js').TallyEntry} TallyEntry */

/**
 * What the parts of the decision page share.
 *
 * @typedef {{
 *   regionId: string,
 *   record: DecisionDetail,
 *   userId: string,
 *   roles: string[],
 *   members: Array<{id: string, name: string}>,
 *   run: (command: () => Promise<unknown>, options: {done: string, focus?: string | null}) => Promise<void>,
 * }} DecisionPage
 */

/**
 * One decision record (Beschluss) as the board made it: number, text,
 * result, tally, named votes or the note that it was secret, recusals,
 * rationale and dissent, the dossier it was made on (with its checksum),
 * corrections both ways, the PDF; then its implementation items with their
 * traffic lights, and the forms to add items and to correct the record.
 */
export async function decisionDetailView(/** @type {ViewContext} */ ctx) {
  const { regionId, decisionId } = ctx.params;
  const roles = rolesIn(ctx.session, regionId);
  const first = await decisions.get(regionId, decisionId, ctx.signal);
  // The responsible person is one of the office (the item's task is theirs); only who adds items needs the list.
  const members = may(first, 'add-item', roles, LEAD_ROLES)
    ? (await office.members(regionId, 'office_staff', ctx.signal).catch(() => ({ items: [] }))).items
    : [];
  const root = h('div', { class: 'decision' });

  /** @type {DecisionPage} */
  const page = { regionId, record: first, userId: ctx.session.user?.id ?? '', roles, members, run };

  function draw() {
    root.replaceChildren(...content(ctx, page));
  }

  /** @param {() => Promise<unknown>} command @param {{done: string, focus?: string | null}} options */
  async function run(command, { done, focus }) {
    const focusedId = focus === undefined ? (document.activeElement?.id ?? null) : focus;
    await worded(command);
    page.record = await decisions.get(regionId, decisionId);
    draw();
    ctx.announce(done);
    refocus(focusedId, root.querySelector('h1'));
  }

  draw();
  return root;
}

/** @param {ViewContext} ctx @param {DecisionPage} page */
function content(ctx, page) {
  const { record, regionId } = page;
  return [
    h('p', { class: 'back' }, h('a', { href: decisionsHash(regionId) }, t('decision.back'))),
    h('h1', { tabindex: '-1' }, t('decision.detail.title', { number: record.number })),
    h('p', { class: 'lead' }, resultBadge(record), record.correctedBy.length > 0 ? [' · ', h('strong', {}, t('decision.detail.superseded'))] : null),
    overviewSection(page),
    h('ul', { class: 'link-list' }, h('li', {}, h('a', { id: 'decision-pdf', href: decisions.pdfHref(regionId, record.id) }, t('decision.detail.pdf')))),
    tallySection(record),
    votesSection(record),
    record.recusals.length > 0 ? recusalsSection(record) : null,
    record.rationale || record.dissent.length > 0 ? reasonsSection(record) : null,
    record.dossier ? dossierSection(record.dossier) : null,
    implementationSection(page),
    may(record, 'correct', page.roles, LEAD_ROLES) ? correctionSection(ctx, page) : null,
  ].filter((node) => node !== null);
}

/** @param {DecisionPage} page */
function overviewSection({ record, regionId }) {
  const { subject } = record;
  const links = [
    subject.mandateId ? h('a', { href: mandateHash(regionId, subject.mandateId) }, t('decision.detail.toMandate')) : null,
    subject.meetingId ? h('a', { href: meetingHash(regionId, subject.meetingId) }, t('decision.detail.toMeeting')) : null,
  ].filter((link) => link !== null);
  const numberOf = (/** @type {string} */ id) => id.replace(/-(\d+)$/, '/$1');
  return section(
    'overview',
    t('decision.detail.overview'),
    definitionList([
      [t('decision.field.number'), record.number],
      [
        t('decision.field.subject'),
        h('span', {}, subject.title, links.length > 0 ? [' (', links.flatMap((link, index) => (index > 0 ? [', ', link] : [link])), ')'] : null),
      ],
      [t('decision.field.text'), h('span', { class: 'prewrap', id: 'decision-text' }, record.text)],
      [t('decision.field.result'), h('span', {}, resultBadge(record), record.castingVote ? [' ', t('decision.detail.castingVote')] : null)],
      [t('decision.field.decidedAt'), timeElement(record.decidedAt)],
      [t('decision.field.mode'), t(`decision.mode.${record.mode}`)],
      [t('decision.field.ballot'), t(record.secret ? 'decision.secret' : 'decision.named')],
      [t('decision.field.quorum'), quorumText(record.quorum)],
      [t('decision.field.recorded'), byAt(record.recordedBy, timeElement(record.recordedAt))],
      [
        t('decision.field.corrects'),
        record.corrects
          ? h(
              'span',
              {},
              h('a', { href: decisionHash(regionId, record.corrects) }, numberOf(record.corrects)),
              record.correctionReason ? [' – ', t('decision.detail.correctionReason', { reason: record.correctionReason })] : null,
            )
          : null,
      ],
      [
        t('decision.field.correctedBy'),
        record.correctedBy.length > 0
          ? h(
              'ul',
              {},
              record.correctedBy.map((id) => h('li', {}, h('a', { href: decisionHash(regionId, id) }, numberOf(id)))),
            )
          : null,
      ],
    ]),
  );
}

/** The title of an option the tally names: the chosen one's from the record, others' from the dossier. @param {DecisionRecord} record @param {string | null | undefined} optionId */
function optionTitle(record, optionId) {
  if (optionId && optionId === record.optionId && record.optionTitle) return record.optionTitle;
  const options = /** @type {{options?: Array<{id: string, title: string}>} | null} */ (record.dossier?.content ?? null)?.options;
  return (Array.isArray(options) ? options.find((option) => option.id === optionId)?.title : undefined) ?? optionId ?? '';
}

/** @param {DecisionRecord} record @param {string} choice @param {string | null | undefined} optionId */
function choiceName(record, choice, optionId) {
  return choice === 'option' ? t('choice.option', { title: optionTitle(record, optionId) }) : choiceText(choice);
}

/** @param {DecisionRecord} record */
function tallySection(record) {
  return section(
    'tally',
    t('decision.tally'),
    record.tally.length === 0
      ? h('p', {}, t('decision.tally.empty'))
      : h(
          'table',
          { class: 'compact', 'aria-labelledby': 'tally-heading' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('decision.col.choice')), h('th', { scope: 'col' }, t('decision.col.count')))),
          h(
            'tbody',
            {},
            record.tally.map((entry) =>
              h('tr', {}, h('th', { scope: 'row' }, choiceName(record, entry.choice, entry.optionId)), h('td', { class: 'number' }, String(entry.count))),
            ),
          ),
        ),
  );
}

/** Named votes: who voted how (and who cast it for them). Secret ones: only who took part. @param {DecisionRecord} record */
function votesSection(record) {
  if (record.secret || record.votes === null) {
    return section(
      'votes',
      t('decision.votes'),
      h('p', { id: 'secret-note' }, t('decision.secretNote')),
      record.participants.length > 0
        ? [
            h('h3', {}, t('decision.participants')),
            h(
              'ul',
              {},
              record.participants.map((person) => h('li', {}, person.name)),
            ),
          ]
        : null,
    );
  }
  return section(
    'votes',
    t('decision.votes'),
    record.votes.length === 0
      ? h('p', {}, record.mode === 'meeting' ? t('decision.votes.showOfHands') : t('decision.votes.empty'))
      : h(
          'table',
          { class: 'compact', 'aria-labelledby': 'votes-heading' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, t('decision.col.member')),
              h('th', { scope: 'col' }, t('decision.col.vote')),
              h('th', { scope: 'col' }, t('decision.col.castBy')),
            ),
          ),
          h(
            'tbody',
            {},
            record.votes.map((vote) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, vote.name),
                h('td', {}, choiceName(record, vote.choice, vote.optionId)),
                h('td', {}, vote.castBy.id === vote.memberId ? t('decision.castBySelf') : t('decision.castByDeputy', { name: vote.castBy.name })),
              ),
            ),
          ),
        ),
  );
}

/** @param {DecisionRecord} record */
function recusalsSection(record) {
  return section(
    'recusals',
    t('decision.recusals'),
    h(
      'ul',
      {},
      record.recusals.map((recusal) =>
        h(
          'li',
          {},
          recusal.reason ? t('decision.recusalWithReason', { name: recusal.name, reason: recusal.reason }) : t('decision.recusal', { name: recusal.name }),
        ),
      ),
    ),
  );
}

/** @param {DecisionRecord} record */
function reasonsSection(record) {
  return section(
    'reasons',
    t('decision.reasons'),
    record.rationale ? [h('h3', {}, t('decision.rationale')), h('p', { class: 'prewrap' }, record.rationale)] : null,
    record.dissent.length > 0
      ? [
          h('h3', {}, t('decision.dissent')),
          h(
            'ul',
            { class: 'entries' },
            record.dissent.map((note) => h('li', {}, h('p', {}, h('strong', {}, note.name)), h('p', { class: 'prewrap' }, note.text))),
          ),
        ]
      : null,
  );
}

/**
 * The dossier as it was when the board decided, with its SHA-256; anyone
 * holding a copy can check it against the checksum.
 *
 * @param {{hash: string, content: unknown}} dossier
 */
function dossierSection(dossier) {
  const content = /** @type {Record<string, unknown>} */ (dossier.content && typeof dossier.content === 'object' ? dossier.content : {});
  const options = Array.isArray(content.options) ? /** @type {Array<{title?: string}>} */ (content.options) : null;
  const data = Array.isArray(content.data) ? content.data : null;
  return section(
    'dossier',
    t('decision.dossier'),
    definitionList([
      [t('decision.dossier.hash'), h('code', { class: 'hash', id: 'dossier-hash' }, dossier.hash)],
      [typeof content.title === 'string' ? t('decision.dossier.title') : '', typeof content.title === 'string' ? content.title : null],
      [
        t('decision.dossier.options'),
        options
          ? options.length > 0
            ? h(
                'ul',
                {},
                options.map((option) => h('li', {}, option.title ?? '')),
              )
            : t('decision.dossier.none')
          : null,
      ],
      [t('decision.dossier.data'), data ? tCount('decision.dossier.dataCount', data.length) : null],
    ]),
    h('p', { class: 'hint' }, t('decision.dossier.hint')),
  );
}

/**
 * A correction makes a new record that names this one; this record stays as
 * it is. Text and rationale start as they are; the reason is required.
 *
 * @param {ViewContext} ctx @param {DecisionPage} page
 */
function correctionSection(ctx, page) {
  const { record, regionId } = page;
  const form = buildForm({
    id: 'correction',
    fields: [
      { name: 'text', type: 'textarea', label: t('decision.correction.text'), required: true, value: record.text },
      { name: 'rationale', type: 'textarea', label: t('decision.correction.rationale'), value: record.rationale ?? undefined },
      { name: 'reason', type: 'textarea', label: t('decision.correction.reason'), hint: t('decision.correction.reason.hint'), required: true },
    ],
    submitLabel: t('decision.correction.submit'),
    async onSubmit(values, idempotencyKey) {
      /** @type {{text?: string, rationale?: string, reason: string}} */
      const body = { reason: String(values.reason ?? '') };
      if (values.text !== record.text) body.text = String(values.text ?? '');
      if ((values.rationale ?? null) !== record.rationale) body.rationale = String(values.rationale ?? '');
      if (body.text === undefined && body.rationale === undefined) throw new ApiError(422, { status: 422, detail: t('decision.correction.nothingChanged') });
      const created = await worded(() => decisions.correct(regionId, record.id, body, idempotencyKey));
      ctx.navigate(decisionHash(regionId, created.id), { notice: t('decision.correction.done', { number: created.number, old: record.number }) });
    },
  });
  return section(
    'correction-section',
    t('decision.correction.title'),
    h('p', { class: 'hint' }, t('decision.correction.hint')),
    h('details', { class: 'disclosure' }, h('summary', { id: 'correction-summary' }, t('decision.correction.open')), form),
  );
}
