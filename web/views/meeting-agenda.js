import { definitionList, h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { decisionHash, decisionIdOf, meetings, voteHash } from '../meetings-api.js';
import { mandateHash } from '../task-labels.js';
import { hidden, kindLabel, LEAD_ROLES, MEETING_ROLES } from './meeting-labels.js';

/** @typedef {import('./meeting-detail.js').MeetingPage} MeetingPage */
/** @typedef {import('../meetings-api.js').AgendaItem} AgendaItem */
/** @typedef {import('../meetings-api.js').Recusal} Recusal */
/** @typedef {import('../forms.js').FieldSpec} FieldSpec */

const KINDS = ['mandate', 'report', 'other'];

/**
 * The agenda, TOP 1 to n: each item with its kind, whether it is public, its
 * mandate, votes and decisions and recusals; for the chair and office the
 * buttons to move it up or down, change or remove it and open a vote on it;
 * for a member the form to declare a recusal.
 *
 * @param {MeetingPage} page
 */
export function agendaSection(page) {
  const { agenda } = page.meeting;
  const root = section(
    'agenda',
    t('meeting.agenda'),
    agenda.length === 0
      ? h('p', {}, t('meeting.agenda.empty'))
      : h(
          'ol',
          { class: 'agenda' },
          agenda.map((item, index) => agendaItem(page, item, index)),
        ),
  );
  // After an item is removed the focus goes to the agenda's heading.
  root.querySelector('h2')?.setAttribute('tabindex', '-1');
  return root;
}

/** @param {MeetingPage} page @param {AgendaItem} item @param {number} index */
function agendaItem(page, item, index) {
  const { meeting, regionId } = page;
  const number = index + 1;
  const headingId = `item-${item.id}-heading`;
  const planned = meeting.status === 'planned';
  const votes = item.votes ?? [];
  const decisions = item.decisions ?? [];
  const recusals = item.recusals ?? [];
  const mandateTitle = item.mandateTitle ?? page.mandates.find((mandate) => mandate.id === item.mandateId)?.title ?? item.mandateId;
  return h(
    'li',
    { id: `item-${item.id}`, class: 'agenda-item', 'data-item-id': item.id },
    h('h3', { id: headingId, tabindex: '-1' }, t('meeting.item.heading', { number, title: item.title })),
    definitionList([
      [t('meeting.item.kind'), kindLabel(item.kind)],
      [t('meeting.item.public'), h('span', { class: item.public ? 'public' : 'closed' }, t(item.public ? 'meeting.item.isPublic' : 'meeting.item.notPublic'))],
      [t('meeting.item.mandate'), item.mandateId ? h('a', { href: mandateHash(regionId, item.mandateId) }, mandateTitle ?? item.mandateId) : null],
      [t('meeting.item.description'), item.description ? h('span', { class: 'prewrap' }, item.description) : null],
      [t('meeting.item.votes'), voteLinks(regionId, item, votes)],
      [t('meeting.item.decisions'), decisionLinks(regionId, item, decisions)],
      [t('meeting.item.recusals'), recusals.length > 0 ? recusalList(recusals) : null],
      [
        t('meeting.item.report'),
        item.attachmentId ? h('a', { href: meetings.attachmentHref(regionId, item.attachmentId) }, t('meeting.item.reportLink')) : null,
      ],
    ]),
    itemButtons(page, item, index, number),
    page.may('edit-item', MEETING_ROLES) ? editItemDisclosure(page, item, number) : null,
    planned || meeting.status === 'held' ? recusalDisclosure(page, item, number, recusals) : null,
  );
}

/** Links to the votes' pages, with each vote's state. @param {string} regionId @param {AgendaItem} item @param {import('../meetings-api.js').VoteSummary[]} votes */
function voteLinks(regionId, item, votes) {
  const ids = [...new Set([...item.voteIds, ...votes.map((vote) => vote.id)])];
  if (ids.length === 0) return null;
  return h(
    'ul',
    { class: 'plain' },
    ids.map((id, index) => {
      const vote = votes.find((candidate) => candidate.id === id);
      const title = vote?.title ?? t('meeting.item.voteNumber', { number: index + 1 });
      return h(
        'li',
        {},
        h('a', { href: voteHash(regionId, id) }, title),
        vote?.status ? [' ', h('span', { class: 'meta' }, `(${t(`meeting.voteStatus.${vote.status}`)})`)] : null,
      );
    }),
  );
}

/** @param {string} regionId @param {AgendaItem} item @param {import('../meetings-api.js').DecisionRecord[]} decisions */
function decisionLinks(regionId, item, decisions) {
  /** @type {Map<string, string>} id → number */
  const records = new Map(item.decisionNumbers.map((number) => [decisionIdOf(number), number]));
  for (const record of decisions) records.set(record.id, record.number);
  if (records.size === 0) return null;
  return h(
    'ul',
    { class: 'plain' },
    [...records].map(([id, number]) => h('li', {}, h('a', { href: decisionHash(regionId, id) }, t('meeting.item.decisionLink', { number })))),
  );
}

/** @param {Recusal[]} recusals */
function recusalList(recusals) {
  return h(
    'ul',
    { class: 'plain' },
    recusals.map((recusal) => h('li', {}, recusal.reason ? t('meeting.item.recusalWithReason', { name: recusal.name, reason: recusal.reason }) : recusal.name)),
  );
}

/**
 * Move up, move down, open a vote, remove. The move buttons stay in place at
 * the ends, disabled, so the row does not shift under the keyboard user; the
 * page puts the focus back on the moved item's button.
 *
 * @param {MeetingPage} page @param {AgendaItem} item @param {number} index @param {number} number
 */
function itemButtons(page, item, index, number) {
  const { meeting, regionId } = page;
  if (meeting.status !== 'planned') return null;
  const last = meeting.agenda.length - 1;
  const context = hidden(t('meeting.item.context', { number, title: item.title }));
  const move = (/** @type {'up' | 'down'} */ direction) => {
    const position = direction === 'up' ? index - 1 : index + 1;
    const edge = direction === 'up' ? index === 0 : index === last;
    return h(
      'button',
      {
        type: 'button',
        id: `move-${direction}-${item.id}`,
        class: 'button secondary small',
        disabled: edge,
        onclick: () => {
          const other = `move-${direction === 'up' ? 'down' : 'up'}-${item.id}`;
          // At the new end this button is disabled; the focus goes to the item's other one.
          const reachesEdge = direction === 'up' ? position === 0 : position === last;
          return page.act(() => meetings.moveItem(regionId, meeting.id, item.id, position), {
            done: t('meeting.item.moved', { title: item.title, number: position + 1 }),
            focus: reachesEdge ? other : `move-${direction}-${item.id}`,
          });
        },
      },
      t(`meeting.item.move.${direction}`),
      context.cloneNode(true),
    );
  };
  const mayMove = page.may('move-item', MEETING_ROLES);
  const mayRemove = page.may('remove-item', MEETING_ROLES) && item.voteIds.length === 0;
  // A mandate in approval or decision is voted on in its own vote (opened when it was submitted), reached from the mandate's page.
  const mandateVoting = Boolean(item.mandateId && page.mandates.some((mandate) => mandate.id === item.mandateId));
  const mayOpenVote = page.may('open-vote', LEAD_ROLES) && item.kind !== 'report' && !mandateVoting;
  if (!mayMove && !mayRemove && !mayOpenVote) return null;
  return h(
    'div',
    { class: 'row-actions' },
    mayMove ? [move('up'), move('down')] : null,
    mayOpenVote
      ? h(
          'a',
          { id: `open-vote-${item.id}`, class: 'button small', href: newVoteHash(regionId, meeting.id, item) },
          t('meeting.item.openVote'),
          context.cloneNode(true),
        )
      : null,
    mayRemove
      ? h(
          'button',
          {
            type: 'button',
            id: `remove-${item.id}`,
            class: 'button danger small',
            onclick: () =>
              page.act(() => meetings.removeItem(regionId, meeting.id, item.id), {
                done: t('meeting.item.removed', { title: item.title }),
                focus: 'agenda-heading',
              }),
          },
          t('meeting.item.remove'),
          context,
        )
      : null,
  );
}

/** H6's form for a new vote, with the item and its mandate filled in. @param {string} regionId @param {string} meetingId @param {AgendaItem} item */
function newVoteHash(regionId, meetingId, item) {
  const query = new URLSearchParams({ meetingId, itemId: item.id });
  if (item.mandateId) query.set('mandateId', item.mandateId);
  return `#/regions/${encodeURIComponent(regionId)}/votes/new?${query}`;
}

/** The fields of an item that can change: title, description, whether it is public. @param {AgendaItem | null} item @returns {FieldSpec[]} */
function itemFields(item) {
  return [
    { name: 'title', type: 'text', label: t('meeting.item.field.title'), required: true, value: item?.title },
    { name: 'description', type: 'textarea', label: t('meeting.item.field.description'), value: item?.description ?? undefined },
    {
      name: 'public',
      type: 'checkboxes',
      label: t('meeting.item.field.publicGroup'),
      choices: [{ value: 'true', label: t('meeting.item.field.public') }],
      values: item?.public === false ? [] : ['true'],
    },
  ];
}

/** The checkbox's array becomes the API's boolean. @param {Record<string, unknown>} values */
const publicFlag = (values) => Array.isArray(values.public) && values.public.includes('true');

/** @param {MeetingPage} page @param {AgendaItem} item @param {number} number */
function editItemDisclosure(page, item, number) {
  const formId = `edit-item-${item.id}`;
  return h(
    'details',
    { class: 'disclosure' },
    h('summary', { id: `${formId}-summary` }, t('meeting.item.edit'), hidden(t('meeting.item.context', { number, title: item.title }))),
    buildForm({
      id: formId,
      fields: itemFields(item),
      submitLabel: t('meeting.item.edit.submit'),
      onSubmit: (values) =>
        page.run(
          () =>
            meetings.editItem(page.regionId, page.meeting.id, item.id, {
              title: values.title,
              description: values.description ?? null,
              public: publicFlag(values),
            }),
          { done: t('meeting.item.edited', { title: String(values.title) }), focus: `item-${item.id}-heading` },
        ),
    }),
  );
}

/**
 * A member declares themselves recused for an item (befangen), with a
 * reason; they then take no part in its debate and vote.
 *
 * @param {MeetingPage} page @param {AgendaItem} item @param {number} number @param {Recusal[]} recusals
 */
function recusalDisclosure(page, item, number, recusals) {
  const { meeting, userId } = page;
  const member = meeting.attendance.some((entry) => entry.memberId === userId);
  if (!member || !page.may('recuse', ['board_member', 'board_chair'])) return null;
  if (recusals.some((recusal) => recusal.memberId === userId)) return h('p', { class: 'meta' }, t('meeting.item.recusedSelf'));
  const formId = `recuse-${item.id}`;
  return h(
    'details',
    { class: 'disclosure' },
    h('summary', { id: `${formId}-summary` }, t('meeting.item.recuse'), hidden(t('meeting.item.context', { number, title: item.title }))),
    h('p', { class: 'hint' }, t('meeting.item.recuse.hint')),
    buildForm({
      id: formId,
      fields: [{ name: 'reason', type: 'textarea', label: t('meeting.item.recuse.reason') }],
      submitLabel: t('meeting.item.recuse.submit'),
      onSubmit: (values) =>
        page.run(
          async () => {
            await meetings.recuse(page.regionId, meeting.id, item.id, values.reason ? { reason: String(values.reason) } : {});
          },
          { done: t('meeting.item.recused', { title: item.title }), focus: `item-${item.id}-heading` },
        ),
    }),
  );
}

/**
 * A new agenda item: a mandate in approval or decision (its title is taken
 * when none is given), a report, or another matter.
 *
 * @param {MeetingPage} page
 */
export function addItemSection(page) {
  /** @type {FieldSpec[]} */
  const fields = [
    {
      name: 'kind',
      type: 'select',
      label: t('meeting.item.field.kind'),
      required: true,
      choices: KINDS.map((kind) => ({ value: kind, label: kindLabel(kind) })),
    },
    {
      name: 'mandateId',
      type: 'select',
      label: t('meeting.item.field.mandate'),
      hint: t('meeting.item.field.mandate.hint'),
      choices: page.mandates.map((mandate) => ({ value: mandate.id, label: mandate.title })),
    },
    ...itemFields(null).map((field) => (field.name === 'title' ? { ...field, required: false, hint: t('meeting.item.field.title.hint') } : field)),
  ];
  const form = buildForm({
    id: 'add-item',
    fields,
    submitLabel: t('meeting.item.add.submit'),
    async onSubmit(values, idempotencyKey) {
      const mandate = values.kind === 'mandate' ? page.mandates.find((candidate) => candidate.id === values.mandateId) : undefined;
      const body = {
        kind: values.kind ?? '',
        title: values.title ?? mandate?.title ?? '',
        ...(values.description ? { description: values.description } : {}),
        ...(values.kind === 'mandate' ? { mandateId: values.mandateId ?? null } : {}),
        public: publicFlag(values),
      };
      await page.run(() => meetings.addItem(page.regionId, page.meeting.id, body, idempotencyKey), {
        done: t('meeting.item.added', { title: String(body.title) }),
        focus: 'add-item-kind',
      });
    },
  });
  return section('add-item-section', t('meeting.item.add'), form);
}
