import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { formatNumber, timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { meetings } from '../meetings-api.js';
import { berlinDate, MEETING_ROLES, replyLabel } from './meeting-labels.js';

/** @typedef {import('./meeting-detail.js').MeetingPage} MeetingPage */
/** @typedef {import('../meetings-api.js').Meeting} Meeting */

/** The replies a member can give; `none` is only the state before. */
const REPLIES = ['accepted', 'declined', 'tentative'];

/**
 * Whether the board will be quorate: the forecast from the replies ("voraus-
 * sichtlich 5 von 7 stimmberechtigten Sitzen, erforderlich 4: beschluss-
 * fähig") and, once attendance is recorded, the actual quorum. Each verdict
 * is written out; nothing is told by colour.
 *
 * @param {MeetingPage} page
 */
export function quorumSection({ meeting }) {
  const forecast = meeting.quorumForecast ?? null;
  const actual = meeting.actualQuorum ?? null;
  const verdict = (/** @type {boolean} */ reached) =>
    h('strong', { class: reached ? 'quorate' : 'not-quorate' }, t(reached ? 'meeting.quorate' : 'meeting.notQuorate'));
  return section(
    'quorum',
    t('meeting.quorum'),
    forecast
      ? [
          h(
            'p',
            { id: 'quorum-forecast' },
            t('meeting.forecast', {
              expected: formatNumber(forecast.expected),
              seats: formatNumber(forecast.seats),
              required: formatNumber(forecast.required),
            }),
            ' ',
            verdict(forecast.reachedExpected),
          ),
          h(
            'p',
            { class: 'meta' },
            t('meeting.replyCounts', {
              accepted: formatNumber(forecast.accepted),
              tentative: formatNumber(forecast.tentative),
              declined: formatNumber(forecast.declined),
              none: formatNumber(forecast.none),
            }),
          ),
        ]
      : h('p', {}, t('meeting.noForecast')),
    actual
      ? h(
          'p',
          { id: 'quorum-actual', tabindex: '-1' },
          t('meeting.actual', {
            present: formatNumber(actual.present),
            seats: formatNumber(forecast?.seats ?? actual.present),
            required: formatNumber(actual.required),
          }),
          ' ',
          verdict(actual.reached),
        )
      : h('p', { id: 'quorum-actual', class: 'meta', tabindex: '-1' }, t('meeting.noAttendance')),
  );
}

/**
 * Who is invited and how they replied, with the member's own reply form, and
 * from the meeting's day on the chair's or office's attendance list.
 *
 * @param {MeetingPage} page
 */
export function attendanceSection(page) {
  const { meeting, userId } = page;
  const own = meeting.attendance.find((entry) => entry.memberId === userId) ?? null;
  const planned = meeting.status === 'planned';
  const dayHasCome = berlinDate(new Date()) >= berlinDate(meeting.startsAt);
  return section(
    'attendance',
    t('meeting.attendance'),
    own && planned && page.may('reply', ['board_member', 'board_chair']) ? replyForm(page, own.reply) : null,
    attendanceTable(meeting),
    meeting.status !== 'cancelled' && dayHasCome && page.may('attendance', MEETING_ROLES) ? attendanceForm(page) : null,
  );
}

/** The member's Zusage/Absage/Vielleicht; the form starts with the reply given. @param {MeetingPage} page @param {string} current */
function replyForm(page, current) {
  const headingId = 'reply-heading';
  return h(
    'section',
    { class: 'action', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('meeting.reply.title')),
    h('p', {}, current === 'none' ? t('meeting.reply.none.own') : t('meeting.reply.own', { reply: replyLabel(current) })),
    buildForm({
      id: 'reply',
      fields: [
        {
          name: 'reply',
          type: 'radio',
          label: t('meeting.reply.question'),
          required: true,
          value: current === 'none' ? undefined : current,
          choices: REPLIES.map((reply) => ({ value: reply, label: t(`meeting.reply.choice.${reply}`) })),
        },
      ],
      submitLabel: t('meeting.reply.submit'),
      onSubmit: async (values) => {
        const reply = /** @type {'accepted' | 'declined' | 'tentative'} */ (values.reply);
        // Without a choice the API names the field; the form shows it there.
        await page.run(() => meetings.reply(page.regionId, page.meeting.id, reply), {
          done: t('meeting.reply.done', { reply: replyLabel(reply ?? '') }),
          focus: `reply-reply-${Math.max(0, REPLIES.indexOf(reply))}`,
        });
      },
    }),
  );
}

/** @param {Meeting} meeting */
function attendanceTable(meeting) {
  if (meeting.attendance.length === 0) return h('p', {}, t('meeting.noInvitees'));
  const recorded = meeting.attendance.some((entry) => entry.present !== null);
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { id: 'attendance-table', 'aria-labelledby': 'attendance-heading' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('meeting.col.member')),
          h('th', { scope: 'col' }, t('meeting.col.reply')),
          recorded ? h('th', { scope: 'col' }, t('meeting.col.present')) : null,
        ),
      ),
      h(
        'tbody',
        {},
        meeting.attendance.map((entry) =>
          h(
            'tr',
            { 'data-member-id': entry.memberId },
            h('th', { scope: 'row' }, entry.name),
            h(
              'td',
              {},
              h('span', { class: `reply reply-${entry.reply}` }, replyLabel(entry.reply)),
              entry.repliedAt ? [' ', h('span', { class: 'meta' }, timeElement(entry.repliedAt))] : null,
            ),
            recorded ? h('td', {}, entry.present === null ? '–' : t(entry.present ? 'meeting.present' : 'meeting.absent')) : null,
          ),
        ),
      ),
    ),
  );
}

/**
 * On the day: who is there. Before anything is recorded, those who accepted
 * are ticked, which is the usual case.
 *
 * @param {MeetingPage} page
 */
function attendanceForm(page) {
  const { meeting } = page;
  const recorded = meeting.attendance.some((entry) => entry.present !== null);
  const headingId = 'record-attendance-heading';
  return h(
    'section',
    { class: 'action', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, t('meeting.recordAttendance')),
    buildForm({
      id: 'record-attendance',
      fields: [
        {
          name: 'present',
          type: 'checkboxes',
          label: t('meeting.recordAttendance.label'),
          choices: meeting.attendance.map((entry) => ({ value: entry.memberId, label: entry.name })),
          values: meeting.attendance.filter((entry) => (recorded ? entry.present === true : entry.reply === 'accepted')).map((entry) => entry.memberId),
        },
      ],
      submitLabel: t('meeting.recordAttendance.submit'),
      onSubmit: (values) =>
        page.run(() => meetings.attendance(page.regionId, meeting.id, /** @type {string[]} */ (values.present ?? [])), {
          done: t('meeting.recordAttendance.done'),
          focus: 'quorum-actual',
        }),
    }),
  );
}
