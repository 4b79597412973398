import { api, ApiError } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { t, tCount } from '../i18n/index.js';
import { meetingHash, meetings } from '../meetings-api.js';
import { berlinDate, berlinInstant, berlinTime, meetingStatusBadge, meetingWhen, MEETING_ROLES, placeText, replyLabel, rolesIn } from './meeting-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../meetings-api.js').Meeting} Meeting */
/** @typedef {import('../meetings-api.js').MeetingSummary} MeetingSummary */
/** @typedef {import('../forms.js').FieldSpec} FieldSpec */

/**
 * The board's meetings of a region: the coming ones first (soonest on top),
 * then the past and cancelled ones (latest on top), and for chair and office
 * a form to plan a new one.
 */
export async function meetingListView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const [regions, list] = await Promise.all([api.regions(ctx.signal), meetings.list(regionId, ctx.signal)]);
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  const now = Date.now();
  const upcoming = list.items.filter((meeting) => meeting.status === 'planned' && Date.parse(meeting.endsAt) >= now);
  const past = list.items.filter((meeting) => !upcoming.includes(meeting)).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  upcoming.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const mayPlan = rolesIn(ctx.session, regionId).some((role) => MEETING_ROLES.includes(role));

  return h(
    'div',
    { class: 'meetings' },
    h('h1', { tabindex: '-1' }, t('meeting.list.title', { region: region?.name ?? regionId })),
    h('p', {}, h('a', { href: `#/regions/${encodeURIComponent(regionId)}/decisions` }, t('meeting.list.toDecisions'))),
    section('upcoming', t('meeting.list.upcoming'), meetingTable('upcoming', upcoming, regionId, t('meeting.list.noneUpcoming'))),
    section('past', t('meeting.list.past'), meetingTable('past', past, regionId, t('meeting.list.nonePast'))),
    mayPlan ? createSection(ctx, regionId) : null,
  );
}

/** @param {string} id @param {MeetingSummary[]} items @param {string} regionId @param {string} empty */
function meetingTable(id, items, regionId, empty) {
  if (items.length === 0) return h('p', {}, empty);
  const columns = ['title', 'when', 'place', 'status'];
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-labelledby': `${id}-heading`, 'aria-describedby': `${id}-count` },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, t(`meeting.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((meeting) =>
          h(
            'tr',
            { 'data-meeting-id': meeting.id },
            h('th', { scope: 'row', class: 'text title' }, h('a', { href: meetingHash(regionId, meeting.id) }, meeting.title)),
            h('td', {}, meetingWhen(meeting.startsAt, meeting.endsAt)),
            h('td', { class: 'text' }, placeText(meeting)),
            h('td', {}, meetingStatusBadge(meeting.status), agendaCount(meeting), ownReply(meeting)),
          ),
        ),
      ),
    ),
    h('p', { id: `${id}-count`, class: 'meta' }, tCount('meeting.list.count', items.length)),
  );
}

/** "3 Tagesordnungspunkte" below the status. @param {MeetingSummary} meeting */
function agendaCount(meeting) {
  return h('span', { class: 'block meta' }, tCount('meeting.agendaCount', meeting.agendaItems ?? 0));
}

/** An invitee's own reply, so a member sees at a glance where they still owe one. @param {MeetingSummary} meeting */
function ownReply(meeting) {
  if (!meeting.viewerReply || meeting.status !== 'planned') return null;
  return h('span', { class: 'block' }, t('meeting.list.ownReply', { reply: replyLabel(meeting.viewerReply) }));
}

/**
 * The fields of a meeting, for planning one and for changing it: a day and
 * two times (Berlin), which the page turns into the API's instants. The
 * API's errors at `startsAt`/`endsAt` appear at the times.
 *
 * @param {Meeting | null} meeting the values to start with
 * @returns {FieldSpec[]}
 */
export function meetingFields(meeting) {
  const start = meeting?.startsAt ?? null;
  const end = meeting?.endsAt ?? null;
  const day = (/** @type {string | null} */ value) => (value ? berlinDate(value) : undefined);
  const time = (/** @type {string | null} */ value) => (value ? berlinTime(value) : undefined);
  return [
    { name: 'title', type: 'text', label: t('meeting.field.title'), required: true, value: meeting?.title },
    { name: 'date', type: 'date', label: t('meeting.field.date'), required: true, value: day(start) },
    /** @type {FieldSpec} */ ({
      name: 'startTime',
      type: 'time',
      label: t('meeting.field.startTime'),
      hint: t('meeting.field.time.hint'),
      required: true,
      value: time(start),
      errorFields: ['startsAt'],
    }),
    /** @type {FieldSpec} */ ({ name: 'endTime', type: 'time', label: t('meeting.field.endTime'), required: true, value: time(end), errorFields: ['endsAt'] }),
    { name: 'place', type: 'text', label: t('meeting.field.place'), hint: t('meeting.field.place.hint'), value: meeting?.place ?? undefined },
    {
      name: 'onlineUrl',
      type: 'text',
      label: t('meeting.field.onlineUrl'),
      hint: t('meeting.field.onlineUrl.hint'),
      autocomplete: 'url',
      value: meeting?.onlineUrl ?? undefined,
    },
  ];
}

/**
 * The API's body from the form: the day and times become instants. A day or
 * time left empty is reported at its field like an API error, so the form
 * shows it the same way.
 *
 * @param {Record<string, unknown>} values @param {boolean} partial a change sends emptied place and link as null
 */
export function meetingBody(values, partial) {
  const missing = ['date', 'startTime', 'endTime'].filter((name) => !values[name]);
  if (missing.length > 0) {
    throw new ApiError(422, { status: 422, errors: missing.map((field) => ({ field, code: 'required', message: 'required' })) });
  }
  const date = String(values.date);
  /** @type {Record<string, unknown>} */
  const body = {
    title: values.title,
    startsAt: berlinInstant(date, String(values.startTime)),
    endsAt: berlinInstant(date, String(values.endTime)),
  };
  for (const name of ['place', 'onlineUrl']) {
    if (values[name] !== undefined) body[name] = values[name];
    else if (partial) body[name] = null;
  }
  return body;
}

/**
 * Sends a meeting's body; the API's "end not after start" is said with the
 * catalogue's words for an end before its beginning.
 *
 * @template T @param {() => Promise<T>} send @returns {Promise<T>}
 */
export async function sendMeeting(send) {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ApiError) || !error.problem.errors) throw error;
    const errors = error.problem.errors.map((fieldError) => (fieldError.code === 'not_after_start' ? { ...fieldError, code: 'before_from' } : fieldError));
    throw new ApiError(error.status, { ...error.problem, errors });
  }
}

/** @param {ViewContext} ctx @param {string} regionId */
function createSection(ctx, regionId) {
  const form = buildForm({
    id: 'meeting-create',
    fields: meetingFields(null),
    submitLabel: t('meeting.create.submit'),
    async onSubmit(values, idempotencyKey) {
      const meeting = await sendMeeting(() => meetings.create(regionId, meetingBody(values, false), idempotencyKey));
      ctx.navigate(meetingHash(regionId, meeting.id), { notice: t('meeting.create.done', { title: meeting.title }) });
    },
  });
  return section('meeting-create-section', t('meeting.create.title'), form);
}
