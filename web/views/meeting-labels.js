import { h } from '../dom.js';
import { formatNumber } from '../format.js';
import { getLocale, has, t } from '../i18n/index.js';

export { hidden, rolesIn } from '../task-labels.js';

/**
 * Words, dates and small pieces shared by the meeting and decision pages:
 * the written-out meeting date, status and result badges, the traffic light
 * (always text and a shape, the colour only repeats them), and who may see
 * which form. The forms are offered by role; the API decides (403/409).
 *
 * @typedef {import('../meetings-api.js').Meeting} Meeting
 * @typedef {import('../meetings-api.js').TrafficLight} TrafficLight
 */

const TIME_ZONE = 'Europe/Berlin';

/** A label from the catalogue, or the API's word for a value the UI does not know yet. @param {string} key @param {string} fallback */
const label = (key, fallback) => (has(key) ? t(key) : fallback);

/**
 * The meeting's day written out, with its time span: "Dienstag, 12. Mai 2026,
 * 17:00–19:00 Uhr". Times are Berlin's. The words follow the page's language;
 * the numbers keep the German form (see format.js).
 *
 * @param {string} startsAt @param {string} endsAt
 */
export function meetingWhen(startsAt, endsAt) {
  const locale = getLocale() === 'en' ? 'en-GB' : 'de-DE';
  const day = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const time = new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });
  const sameDay = berlinDate(startsAt) === berlinDate(endsAt);
  const text = sameDay
    ? t('meeting.when', { day: day.format(new Date(startsAt)), from: time.format(new Date(startsAt)), until: time.format(new Date(endsAt)) })
    : t('meeting.whenDays', {
        from: `${day.format(new Date(startsAt))}, ${time.format(new Date(startsAt))}`,
        until: `${day.format(new Date(endsAt))}, ${time.format(new Date(endsAt))}`,
      });
  const element = document.createElement('time');
  element.dateTime = startsAt;
  element.textContent = text;
  return element;
}

/** The Berlin calendar day (YYYY-MM-DD) of an instant. @param {string | Date} instant */
export function berlinDate(instant) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(instant));
}

/** `HH:MM` in Berlin of an instant, for the time fields. @param {string} instant */
export function berlinTime(instant) {
  return new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/**
 * The UTC instant of a Berlin wall-clock time, e.g. 2026-05-12 and 17:00 →
 * 2026-05-12T15:00:00.000Z. The offset is read from the time zone data at
 * that moment, so summer and winter time both come out right.
 *
 * @param {string} date YYYY-MM-DD @param {string} time HH:MM
 */
export function berlinInstant(date, time) {
  const [year, month, day] = date.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const wall = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute));
  // The offset at the wall time read as UTC; near a change of the clocks a second look settles it.
  let instant = wall - offsetAt(wall);
  instant = wall - offsetAt(instant);
  return new Date(instant).toISOString();
}

/** Milliseconds Berlin is ahead of UTC at `instant`. @param {number} instant */
function offsetAt(instant) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: TIME_ZONE,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

/** The meeting's status as text in a flat badge. @param {string} status */
export function meetingStatusBadge(status) {
  return h('span', { class: `meeting-status meeting-status-${status}` }, label(`meeting.status.${status}`, status));
}

/** "Kreishaus, Raum 2 · online" with the link; what the meeting has. @param {Meeting} meeting */
export function placeText(meeting) {
  const parts = [meeting.place, meeting.onlineUrl ? t('meeting.online') : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : t('meeting.noPlace');
}

export const replyLabel = (/** @type {string} */ reply) => label(`meeting.reply.${reply}`, reply);
export const kindLabel = (/** @type {string} */ kind) => label(`meeting.kind.${kind}`, kind);
export const resultLabel = (/** @type {string} */ result) => label(`decision.result.${result}`, result);
export const choiceText = (/** @type {string} */ choice) => label(`choice.${choice}`, choice);

/** Shapes that tell the lights apart without colour; the text says it in words. @type {Record<TrafficLight, string>} */
const LIGHT_ICONS = { red: '✕', yellow: '!', green: '●', done: '✓' };

/** The traffic light of an implementation item: icon, text and colour; never colour alone. @param {TrafficLight} light */
export function lightBadge(light) {
  return h(
    'span',
    { class: `light light-${light}` },
    h('span', { class: 'light-icon', 'aria-hidden': 'true' }, LIGHT_ICONS[light] ?? '?'),
    ' ',
    label(`decision.light.${light}`, light),
  );
}

/** The record's result as a badge ("angenommen"), with the option chosen. @param {{result: string, optionTitle: string | null}} record */
export function resultBadge(record) {
  const text = record.result === 'option' && record.optionTitle ? t('decision.result.optionTitled', { title: record.optionTitle }) : resultLabel(record.result);
  return h('span', { class: `decision-result result-${record.result}` }, text);
}

/**
 * "Beteiligt: 5 von 7 stimmberechtigten Sitzen, erforderlich 4: beschlussfähig".
 * @param {{participating: number, eligible: number, required: number, reached: boolean, recused?: number}} quorum
 */
export function quorumText(quorum) {
  return t('decision.quorumText', {
    participating: formatNumber(quorum.participating),
    eligible: formatNumber(quorum.eligible),
    required: formatNumber(quorum.required),
    reached: t(quorum.reached ? 'meeting.quorate' : 'meeting.notQuorate'),
  });
}

/** Who prepares meetings and their agenda: chair and office. */
export const MEETING_ROLES = ['board_chair', 'office_lead', 'office_staff'];
/** Who opens votes, corrects records and sets up the follow-up: chair and office lead. */
export const LEAD_ROLES = ['board_chair', 'office_lead'];
/** Who keeps the follow-up of decisions up to date (besides the responsible person). */
export const FOLLOW_UP_ROLES = ['office_staff', 'office_lead'];

/**
 * Whether the caller may take `action`: from the API's `allowedActions` when
 * it sends them, else by role (the API checks again either way).
 *
 * @param {{allowedActions?: string[]}} resource @param {string} action @param {string[]} roles @param {string[]} fallbackRoles
 */
export function may(resource, action, roles, fallbackRoles) {
  if (Array.isArray(resource.allowedActions)) return resource.allowedActions.includes(action);
  return roles.some((role) => fallbackRoles.includes(role));
}

/**
 * After a redraw the focus goes back to the control with the same id, when
 * there is one still, else to `fallback` (e.g. the section's heading).
 *
 * @param {string | null | undefined} id @param {HTMLElement | null} [fallback]
 */
export function refocus(id, fallback) {
  const element = id ? document.getElementById(id) : null;
  if (element && !(element instanceof HTMLButtonElement && element.disabled)) element.focus();
  else fallback?.focus();
}

/** "Name, 01.03.2025, 14:30" @param {{name: string} | null} person @param {Node} when */
export function byAt(person, when) {
  return h('span', {}, `${person?.name ?? t('common.system')}, `, when);
}
