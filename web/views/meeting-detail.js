import { api, ApiError, NetworkError } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { timeElement } from '../format.js';
import { has, t } from '../i18n/index.js';
import { meetings, meetingsHash } from '../meetings-api.js';
import { agendaSection, addItemSection } from './meeting-agenda.js';
import { attendanceSection, quorumSection } from './meeting-attendance.js';
import { berlinDate, byAt, LEAD_ROLES, MEETING_ROLES, meetingStatusBadge, meetingWhen, refocus, rolesIn } from './meeting-labels.js';
import { meetingBody, meetingFields, sendMeeting } from './meeting-list.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../meetings-api.js').Meeting} Meeting */

/**
 * What the parts of the meeting page share: the meeting as last loaded, who
 * looks at it, and `run`, which sends one command, loads the meeting again
 * (with its quorum and votes), redraws and says what happened.
 *
 * @typedef {{
 *   regionId: string,
 *   meeting: Meeting,
 *   userId: string,
 *   roles: string[],
 *   mandates: Array<{id: string, title: string, phase: string}>,
 *   may: (action: string, fallbackRoles: string[]) => boolean,
 *   run: (command: () => Promise<unknown>, options: {done: string, focus?: string | null}) => Promise<void>,
 *   act: (command: () => Promise<unknown>, options: {done: string, focus?: string | null}) => Promise<void>,
 * }} MeetingPage
 */

/** The actions the meeting's `viewer.allowed` speaks of; others (open a vote, declare a recusal) go by role. */
const MEETING_ACTIONS = ['edit', 'add-item', 'edit-item', 'remove-item', 'move-item', 'invite', 'cancel', 'reply', 'attendance', 'held'];

/**
 * One meeting of the board: when and where, documents to download, the
 * quorum expected and reached, replies and attendance, the agenda with its
 * votes and decisions, and the chair's and office's management of all that.
 */
export async function meetingDetailView(/** @type {ViewContext} */ ctx) {
  const { regionId, meetingId } = ctx.params;
  const roles = rolesIn(ctx.session, regionId);
  const manages = roles.some((role) => MEETING_ROLES.includes(role));
  const [first, mandates] = await Promise.all([
    meetings.get(regionId, meetingId, ctx.signal),
    // The agenda names its mandates; who prepares it picks them from this list. The page works without it.
    loadMandates(regionId, manages, ctx.signal),
  ]);
  const root = h('div', { class: 'meeting' });

  /** @type {MeetingPage} */
  const page = {
    regionId,
    meeting: first,
    userId: ctx.session.user?.id ?? '',
    roles,
    mandates,
    may: (action, fallbackRoles) =>
      MEETING_ACTIONS.includes(action) && page.meeting.viewer
        ? page.meeting.viewer.allowed.includes(action)
        : roles.some((role) => fallbackRoles.includes(role)),
    run,
    act,
  };

  function draw() {
    root.replaceChildren(...content(page));
  }

  /**
   * Sends a command and redraws from the meeting as the API now has it. A
   * refusal is thrown on to the form that sent it (in the user's words).
   *
   * @param {() => Promise<unknown>} command @param {{done: string, focus?: string | null}} options
   */
  async function run(command, { done, focus }) {
    const focusedId = focus === undefined ? (document.activeElement?.id ?? null) : focus;
    await worded(command);
    page.meeting = await meetings.get(regionId, meetingId);
    draw();
    ctx.announce(done);
    refocus(focusedId, root.querySelector('h1'));
  }

  /**
   * Like `run`, for buttons that have no form to show a refusal in: the page
   * says it in the status line and shows the meeting as it is now.
   *
   * @param {() => Promise<unknown>} command @param {{done: string, focus?: string | null}} options
   */
  async function act(command, options) {
    const focusedId = document.activeElement?.id ?? null;
    try {
      await run(command, options);
    } catch (error) {
      if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
      ctx.announce(error instanceof NetworkError ? t('error.network') : error.message);
      page.meeting = await meetings.get(regionId, meetingId).catch(() => page.meeting);
      draw();
      refocus(focusedId, root.querySelector('h1'));
    }
  }

  draw();
  return root;
}

/**
 * The region's mandates in approval and decision, which can go on the
 * agenda; only those who prepare it need them.
 *
 * @param {string} regionId @param {boolean} manages @param {AbortSignal} signal
 */
async function loadMandates(regionId, manages, signal) {
  if (!manages) return [];
  const lists = await Promise.all(
    ['decision', 'approval'].map((phase) => api.mandates(regionId, { phase, page: 1, pageSize: 100 }, signal).catch(() => ({ items: [] }))),
  );
  return lists.flatMap((list) => list.items);
}

/**
 * The API's refusal in the user's language: by its code when the catalogue
 * knows it, else by its status.
 *
 * @param {ApiError} error
 */
export function problemText(error) {
  const code = error.problem.code;
  if (code && has(`meeting.problem.${code}`)) return t(`meeting.problem.${code}`);
  if (error.status === 409) return t('meeting.problem.conflict');
  if (error.status === 422 && (error.problem.errors?.length ?? 0) > 0) return t('form.fixFields');
  if (has(`error.status.${error.status}`)) return t(`error.status.${error.status}`);
  return error.problem.detail ?? t('error.status.500');
}

/**
 * Runs an API call; a refusal goes on to the form that sent it, in the user's words.
 *
 * @template T @param {() => Promise<T>} call @returns {Promise<T>}
 */
export async function worded(call) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.status, { ...error.problem, detail: problemText(error) });
    throw error;
  }
}

/** @param {MeetingPage} page */
function content(page) {
  const { meeting, regionId } = page;
  return [
    h('p', { class: 'back' }, h('a', { href: meetingsHash(regionId) }, t('meeting.back'))),
    h('h1', { tabindex: '-1' }, meeting.title),
    h('p', { class: 'lead' }, meetingStatusBadge(meeting.status), ' · ', meetingWhen(meeting.startsAt, meeting.endsAt)),
    overviewSection(meeting),
    downloadsSection(meeting, regionId),
    quorumSection(page),
    attendanceSection(page),
    agendaSection(page),
    meeting.status === 'planned' && page.may('add-item', MEETING_ROLES) ? addItemSection(page) : null,
    manageSection(page),
  ].filter((node) => node !== null);
}

/** @param {Meeting} meeting */
function overviewSection(meeting) {
  return section(
    'overview',
    t('meeting.overview'),
    definitionList([
      [t('meeting.field.when'), meetingWhen(meeting.startsAt, meeting.endsAt)],
      [t('meeting.field.place'), meeting.place],
      [t('meeting.field.onlineUrl'), meeting.onlineUrl ? h('a', { href: meeting.onlineUrl, rel: 'noopener noreferrer' }, meeting.onlineUrl) : null],
      [t('meeting.field.status'), meetingStatusBadge(meeting.status)],
      [t('meeting.field.cancelReason'), meeting.status === 'cancelled' ? (meeting.cancelReason ?? null) : null],
      [t('meeting.field.invited'), meeting.invitedAt ? timeElement(meeting.invitedAt) : t('meeting.notInvited')],
      [t('meeting.field.created'), byAt(meeting.createdBy, timeElement(meeting.createdAt))],
    ]),
  );
}

/**
 * The calendar entry, the minutes (complete, and the public version without
 * the closed items) and the implementation status report once generated.
 *
 * @param {Meeting} meeting @param {string} regionId
 */
function downloadsSection(meeting, regionId) {
  const link = (/** @type {string} */ id, /** @type {string} */ href, /** @type {string} */ text, download = false) =>
    h('li', {}, h('a', { id, href, download: download ? '' : null }, text));
  return section(
    'downloads',
    t('meeting.downloads'),
    h(
      'ul',
      { class: 'link-list' },
      meeting.status === 'cancelled' ? null : link('download-ics', meetings.icsHref(regionId, meeting.id), t('meeting.download.ics'), true),
      link('download-minutes', meetings.minutesPdfHref(regionId, meeting.id, false), t('meeting.download.minutes')),
      link('download-minutes-public', meetings.minutesPdfHref(regionId, meeting.id, true), t('meeting.download.minutesPublic')),
      meeting.statusReport
        ? h(
            'li',
            {},
            h('a', { id: 'download-status-report', href: meetings.statusReportPdfHref(regionId, meeting.id) }, t('meeting.download.statusReport')),
            ' ',
            h('span', { class: 'meta' }, t('meeting.download.generatedAt'), ' ', timeElement(meeting.statusReport.generatedAt)),
          )
        : null,
    ),
    meeting.status === 'held' ? null : h('p', { class: 'hint' }, t('meeting.download.minutesDraft')),
  );
}

/**
 * Invitations and updates, marking the meeting held, changing its time and
 * place, cancelling it. Only while it is planned.
 *
 * @param {MeetingPage} page
 */
function manageSection(page) {
  const { meeting, regionId } = page;
  if (meeting.status === 'held' && page.may('edit', MEETING_ROLES)) return minutesNoteSection(page);
  if (meeting.status !== 'planned' || !page.may('edit', MEETING_ROLES)) return null;
  const invited = Boolean(meeting.invitedAt);
  const dayHasCome = berlinDate(new Date()) >= berlinDate(meeting.startsAt);
  const buttons = h(
    'div',
    { class: 'row-actions' },
    page.may('invite', MEETING_ROLES)
      ? h(
          'button',
          {
            type: 'button',
            id: 'send-invitations',
            class: 'button',
            onclick: () =>
              page.act(() => meetings.sendInvitations(regionId, meeting.id), { done: t(invited ? 'meeting.updateSent' : 'meeting.invitationsSent') }),
          },
          t(invited ? 'meeting.sendUpdate' : 'meeting.sendInvitations'),
        )
      : null,
    dayHasCome && page.may('held', LEAD_ROLES)
      ? h(
          'button',
          {
            type: 'button',
            id: 'mark-held',
            class: 'button secondary',
            onclick: () => page.act(() => meetings.markHeld(regionId, meeting.id), { done: t('meeting.heldDone'), focus: null }),
          },
          t('meeting.markHeld'),
        )
      : null,
  );
  const editForm = buildForm({
    id: 'meeting-edit',
    fields: meetingFields(meeting),
    submitLabel: t('meeting.edit.submit'),
    onSubmit: (values) =>
      page.run(() => sendMeeting(() => meetings.edit(regionId, meeting.id, meetingBody(values, true))), {
        done: t(invited ? 'meeting.edit.doneInvited' : 'meeting.edit.done'),
        focus: 'meeting-edit-summary',
      }),
  });
  const cancelForm = buildForm({
    id: 'meeting-cancel',
    fields: [{ name: 'reason', type: 'textarea', label: t('meeting.cancel.reason'), hint: invited ? t('meeting.cancel.hint') : undefined }],
    submitLabel: t('meeting.cancel.submit'),
    submitClass: 'button danger',
    onSubmit: (values) => page.run(() => meetings.cancel(regionId, meeting.id, values), { done: t('meeting.cancel.done'), focus: null }),
  });
  return section(
    'manage',
    t('meeting.manage'),
    h('p', { class: 'hint' }, t(invited ? 'meeting.invitedHint' : 'meeting.notInvitedHint')),
    buttons,
    h('details', { class: 'disclosure' }, h('summary', { id: 'meeting-edit-summary' }, t('meeting.edit.title')), editForm),
    page.may('cancel', LEAD_ROLES)
      ? h('details', { class: 'disclosure' }, h('summary', { id: 'meeting-cancel-summary' }, t('meeting.cancel.title')), cancelForm)
      : null,
  );
}

/**
 * After the meeting: a note for the minutes (e.g. corrections approved at
 * the next meeting), printed with them.
 *
 * @param {MeetingPage} page
 */
function minutesNoteSection(page) {
  const { meeting, regionId } = page;
  return section(
    'manage',
    t('meeting.minutesNote'),
    buildForm({
      id: 'minutes-note',
      fields: [{ name: 'minutesNote', type: 'textarea', label: t('meeting.minutesNote.label'), value: meeting.minutesNote ?? undefined }],
      submitLabel: t('meeting.minutesNote.submit'),
      onSubmit: (values) =>
        page.run(() => meetings.edit(regionId, meeting.id, { minutesNote: values.minutesNote ?? null }), {
          done: t('meeting.minutesNote.done'),
          focus: 'minutes-note-minutesNote',
        }),
    }),
  );
}
