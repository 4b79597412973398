const FIRST_YEAR = 1900;
const LAST_YEAR = 2099;

/** Words that may stand before a period in a cell: `Schuljahr 2023/24`, `Stichtag 31.12.2024`. */
const PREFIX =
  /^(?:schuljahr|schulj\.|sj|jahr|berichtsjahr|kindergartenjahr|kita-?jahr|ausbildungsjahr|wintersemester|ws|sommersemester|ss|semester|stichtag|stand|school year|year|period)(?![a-zäöü])\s*:?\s*(?:(?:am|zum|vom)\s+)?/i;

const isYear = (year: number) => year >= FIRST_YEAR && year <= LAST_YEAR;

function validDate(year: number, month: number, day: number): boolean {
  if (!isYear(year) || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function schoolYear(first: number, second: string): string | null {
  if (!isYear(first)) return null;
  const next = second.length === 4 ? Number(second) : Number(String(first + 1).slice(0, 2) + second);
  if (next !== first + 1) return null;
  return `${first}/${second.slice(-2)}`;
}

/**
 * A cell's period in the form values are stored in: a year `2024` or a school
 * year `2023/24`. Reads `2023/2024`, `2023-24`, `Schuljahr 2023/24`, and a
 * date (`31.12.2024`, `2024-12-31`, as XLSX dates arrive), which stands for
 * its year; null when the text is none of these.
 */
export function normalizePeriod(text: string): string | null {
  const rest = text.trim().replace(PREFIX, '').trim();
  let match = /^(\d{4})$/.exec(rest);
  if (match) return isYear(Number(match[1])) ? match[1]! : null;
  match = /^(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})$/.exec(rest);
  if (match) return schoolYear(Number(match[1]), match[2]!);
  match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(rest);
  if (match) return validDate(Number(match[3]), Number(match[2]), Number(match[1])) ? match[3]! : null;
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(rest);
  if (match) return validDate(Number(match[1]), Number(match[2]), Number(match[3])) ? match[1]! : null;
  return null;
}
