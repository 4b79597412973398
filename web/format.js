// Dates and numbers are shown in German format in both languages: the users
// are German public bodies and the records they file use this format.
const TIME_ZONE = 'Europe/Berlin';
const dateTimeFormat = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  dateStyle: 'medium',
  timeStyle: 'short',
});
const dateFormat = new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, dateStyle: 'medium' });
// Calendar dates (YYYY-MM-DD) have no time of day; formatting them in UTC
// keeps the day as written instead of shifting it by the Berlin offset.
const calendarDateFormat = new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', dateStyle: 'medium' });
const numberFormat = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });
const currencyFormat = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' });

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A UTC ISO timestamp as date and time in Berlin. */
export function formatDateTime(/** @type {string} */ iso) {
  return dateTimeFormat.format(new Date(iso));
}

/** A calendar date (YYYY-MM-DD) or a timestamp, shown as a date only. */
export function formatDate(/** @type {string} */ value) {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return dateFormat.format(new Date(value));
  const [, year, month, day] = match;
  return calendarDateFormat.format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))));
}

/**
 * A `<time>` element: the visible text in German format, the machine-readable
 * value in `datetime` for assistive technology and tests.
 *
 * @param {string} value ISO timestamp or YYYY-MM-DD
 */
export function timeElement(value) {
  const element = document.createElement('time');
  element.dateTime = value;
  element.textContent = CALENDAR_DATE.test(value) ? formatDate(value) : formatDateTime(value);
  return element;
}

export function formatNumber(/** @type {number} */ value) {
  return numberFormat.format(value);
}

export function formatCurrency(/** @type {number} */ value) {
  return currencyFormat.format(value);
}
