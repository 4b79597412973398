/**
 * Calendar time in Europe/Berlin (DESIGN: time is stored as UTC instants,
 * deadlines are calendar dates in Berlin). Pure: Intl only, no clock.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

const berlinParts = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Europe/Berlin from UTC at an instant, in minutes (60 or 120). */
export function berlinOffsetMinutes(instant: number): number {
  const parts = berlinParts.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - instant) / 60000);
}

/** The UTC instant of a wall-clock time on a Berlin calendar date. */
export function berlinWallTime(date: string, time: string): string {
  const wall = Date.parse(`${date}T${time}Z`);
  // The offset at the wall time read as UTC is right except within an hour of a DST switch; one correction settles it.
  const guess = wall - berlinOffsetMinutes(wall) * 60000;
  return new Date(wall - berlinOffsetMinutes(guess) * 60000).toISOString();
}

/** A date given as a calendar day means the end of that day in Berlin. */
export function endOfBerlinDay(date: string): string {
  return berlinWallTime(date, '23:59:59');
}

/** The Berlin calendar date (YYYY-MM-DD) of an instant. */
export function berlinDate(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  return new Date(ms + berlinOffsetMinutes(ms) * 60000).toISOString().slice(0, 10);
}

/** A calendar date plus (or minus) whole days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from one date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
