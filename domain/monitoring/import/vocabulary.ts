import type { Breakdown, Dimension, IndicatorDefinition } from '../types';

/**
 * The words of a header or cell: lower case, umlauts as `ae`/`oe`/`ue` and
 * `ß` as `ss` (so `Maennlich` and `Männlich` are one word), other accents
 * dropped, split at everything that is not a letter or digit.
 */
export function words(text: string): string[] {
  const folded = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
  return folded.split(/[^a-z0-9]+/).filter((word) => word !== '');
}

type Category = { dimension: Dimension; category: string } | 'total';

const category = (dimension: Dimension, value: string, phrases: string[]) =>
  phrases.map((phrase): [string, Category] => [phrase, { dimension, category: value }]);

/** Header and cell words for the categories of DIMENSIONS, German and English, as `words` writes them. */
const CATEGORY_PHRASES = new Map<string, Category>([
  ...['insgesamt', 'gesamt', 'zusammen', 'summe', 'total', 'all', 'alle', 'sum'].map((phrase): [string, Category] => [phrase, 'total']),
  ...category('sex', 'male', [
    'maennlich',
    'maennliche',
    'maennlichen',
    'maennlicher',
    'maennl',
    'maenner',
    'jungen',
    'knaben',
    'male',
    'males',
    'men',
    'boys',
  ]),
  ...category('sex', 'female', ['weiblich', 'weibliche', 'weiblichen', 'weiblicher', 'weibl', 'frauen', 'maedchen', 'female', 'females', 'women', 'girls']),
  ...category('sex', 'diverse', ['divers', 'diverse']),
  ...category('nationality', 'german', ['deutsch', 'deutsche', 'deutscher', 'deutschen', 'german', 'germans']),
  ...category('nationality', 'foreign', [
    'auslaender',
    'auslaenderinnen',
    'auslaendisch',
    'auslaendische',
    'auslaendischer',
    'auslaendischen',
    'nichtdeutsch',
    'nichtdeutsche',
    'nichtdeutscher',
    'nichtdeutschen',
    'nicht deutsch',
    'nicht deutsche',
    'nicht deutscher',
    'nicht deutschen',
    'ohne deutsche',
    'ohne deutschen',
    'foreign',
    'foreigners',
    'non german',
  ]),
  ...category('schoolType', 'grundschule', ['grundschule', 'grundschulen', 'primary school', 'primary schools']),
  ...category('schoolType', 'hauptschule', ['hauptschule', 'hauptschulen', 'mittelschule', 'mittelschulen', 'werkrealschule', 'werkrealschulen']),
  ...category('schoolType', 'realschule', ['realschule', 'realschulen']),
  ...category('schoolType', 'gymnasium', ['gymnasium', 'gymnasien']),
  ...category('schoolType', 'gesamtschule', [
    'gesamtschule',
    'gesamtschulen',
    'gemeinschaftsschule',
    'gemeinschaftsschulen',
    'igs',
    'stadtteilschule',
    'stadtteilschulen',
  ]),
  ...category('schoolType', 'foerderschule', [
    'foerderschule',
    'foerderschulen',
    'foerderzentrum',
    'foerderzentren',
    'sonderschule',
    'sonderschulen',
    'special school',
    'special schools',
  ]),
  ...category('schoolType', 'berufliche-schule', [
    'berufliche schule',
    'berufliche schulen',
    'beruflichen schulen',
    'berufsschule',
    'berufsschulen',
    'berufsbildende schule',
    'berufsbildende schulen',
    'berufsbildenden schulen',
    'vocational school',
    'vocational schools',
  ]),
]);
/** Single letters name a sex only when they are the whole cell or header (`m`, `w`, `d`). */
const LETTERS = new Map<string, string>([
  ['m', 'male'],
  ['w', 'female'],
  ['f', 'female'],
  ['d', 'diverse'],
]);
const LONGEST_PHRASE = 3;

/** The longest category phrase that starts at word `i`. */
function phraseAt(all: string[], i: number): { category: Category; length: number } | null {
  for (let length = Math.min(LONGEST_PHRASE, all.length - i); length > 0; length -= 1) {
    const category = CATEGORY_PHRASES.get(all.slice(i, i + length).join(' '));
    if (category) return { category, length };
  }
  return null;
}

export interface CategoryReading {
  breakdown: Breakdown;
  /** A total word (`insgesamt`) was found. */
  total: boolean;
  /** Words that are no category and no total word. */
  otherWords: string[];
}

/**
 * The categories a header or cell names: `Ausländer weiblich` is
 * `{nationality: foreign, sex: female}`. Several categories of one dimension
 * (`Jungen und Mädchen`) together are its total, so that dimension is left out.
 */
export function readCategories(text: string): CategoryReading {
  const all = words(text);
  const letter = all.length === 1 ? LETTERS.get(all[0]!) : undefined;
  if (letter) return { breakdown: { sex: letter }, total: false, otherWords: [] };
  const found = new Map<Dimension, Set<string>>();
  const otherWords: string[] = [];
  let total = false;
  for (let i = 0; i < all.length;) {
    const match = phraseAt(all, i);
    if (!match) otherWords.push(all[i]!);
    else if (match.category === 'total') total = true;
    else found.set(match.category.dimension, (found.get(match.category.dimension) ?? new Set()).add(match.category.category));
    i += match?.length ?? 1;
  }
  const breakdown: Breakdown = {};
  for (const [dimension, categories] of found) if (categories.size === 1) breakdown[dimension] = [...categories][0]!;
  return { breakdown, total, otherWords };
}

/** Words that may stand beside a category in a cell of a category column (`weibliche Personen`). */
const CELL_FILLERS = new Set(['und', 'and', 'personen', 'person', 'persons', 'staatsangehoerigkeit', 'staatsangehoerige', 'mit', 'with']);

/** The category a cell of a category column names in `dimension`: a category, `total`, or null when it names none. */
export function readCategoryCell(text: string, dimension: Dimension): string | 'total' | null {
  const reading = readCategories(text);
  if (reading.otherWords.some((word) => !CELL_FILLERS.has(word))) return null;
  const dimensions = Object.keys(reading.breakdown) as Dimension[];
  if (dimensions.some((other) => other !== dimension)) return null;
  return reading.breakdown[dimension] ?? (reading.total ? 'total' : null);
}

export type HeaderRole = 'period' | 'area' | 'code' | 'indicator' | 'caseCount' | Dimension;

/** What a column is for, by the first words of its header. */
const ROLE_PHRASES: ReadonlyArray<[HeaderRole, readonly string[]]> = [
  [
    'period',
    ['jahr', 'schuljahr', 'zeitraum', 'zeit', 'stichtag', 'berichtsjahr', 'berichtszeitraum', 'kindergartenjahr', 'ausbildungsjahr', 'semester', 'datum'],
  ],
  ['period', ['year', 'school year', 'period', 'periode', 'date']],
  [
    'area',
    ['kreis', 'kreise', 'landkreis', 'landkreise', 'stadtkreis', 'kreisfreie stadt', 'gemeinde', 'gemeinden', 'gemeindeverband', 'stadt', 'kommune', 'region'],
  ],
  [
    'area',
    ['gebiet', 'gebietseinheit', 'raumeinheit', 'regionaleinheit', 'bezirk', 'stadtbezirk', 'stadtteil', 'area', 'district', 'municipality', 'territory'],
  ],
  ['code', ['ags', 'ars', 'regionalschluessel', 'gemeindeschluessel', 'kreisschluessel', 'schluessel', 'kennziffer', 'code', 'nr']],
  ['indicator', ['indikator', 'indicator', 'kennzahl']],
  ['caseCount', ['fallzahl', 'fallzahlen', 'faelle', 'anzahl faelle', 'anzahl der faelle', 'basis', 'grundgesamtheit', 'case count', 'cases', 'n']],
  ['sex', ['geschlecht', 'sex', 'gender']],
  ['nationality', ['nationalitaet', 'staatsangehoerigkeit', 'nationality', 'citizenship']],
  ['schoolType', ['schulart', 'schularten', 'schulform', 'schulformen', 'schultyp', 'school type', 'type of school']],
];

const startsWithWords = (text: string[], phrase: string[]) => phrase.every((word, i) => text[i] === word);

/** The role a header names (`Schuljahr` → period, `Geschlecht` → sex), or null. */
export function headerRole(header: string): HeaderRole | null {
  const text = words(header);
  let best: { role: HeaderRole; length: number } | null = null;
  for (const [role, phrases] of ROLE_PHRASES) {
    for (const phrase of phrases) {
      const phraseWords = phrase.split(' ');
      if (startsWithWords(text, phraseWords) && (!best || phraseWords.length > best.length)) best = { role, length: phraseWords.length };
    }
  }
  return best?.role ?? null;
}

const namesOf = (indicator: IndicatorDefinition) => [indicator.key, indicator.name.de, indicator.name.en].map(words);

/** Each catalogue's indicators by their folded key and names, built once: a file asks for every cell of a column. */
const indexes = new WeakMap<readonly IndicatorDefinition[], Map<string, IndicatorDefinition>>();

function indexOf(catalogue: readonly IndicatorDefinition[]): Map<string, IndicatorDefinition> {
  let index = indexes.get(catalogue);
  if (!index) {
    index = new Map();
    for (const indicator of catalogue) for (const name of namesOf(indicator)) if (!index.has(name.join(' '))) index.set(name.join(' '), indicator);
    indexes.set(catalogue, index);
  }
  return index;
}

/** The indicator a cell names by its key or its German or English name (case and punctuation aside). */
export function findIndicator(text: string, catalogue: readonly IndicatorDefinition[]): IndicatorDefinition | undefined {
  const wanted = words(text).join(' ');
  return wanted === '' ? undefined : indexOf(catalogue).get(wanted);
}

function indexOfWords(text: string[], phrase: string[]): number {
  if (phrase.length === 0) return -1;
  for (let i = 0; i + phrase.length <= text.length; i += 1) if (startsWithWords(text.slice(i), phrase)) return i;
  return -1;
}

/** The header words without the indicator's key or name in them (`Übergangsquote Gymnasium weiblich` → `weiblich`). */
export function withoutIndicatorName(header: string, indicator: IndicatorDefinition): string {
  const text = words(header);
  const names = namesOf(indicator).sort((a, b) => b.length - a.length);
  for (const name of names) {
    const at = indexOfWords(text, name);
    if (at >= 0) return [...text.slice(0, at), ...text.slice(at + name.length)].join(' ');
  }
  return text.join(' ');
}

/** The indicator whose key or name stands in a header (the longest such name), with the rest of the header. */
export function findIndicatorInHeader(header: string, catalogue: readonly IndicatorDefinition[]): { indicator: IndicatorDefinition; rest: string } | null {
  const text = words(header);
  let best: { indicator: IndicatorDefinition; length: number } | null = null;
  for (const indicator of catalogue) {
    for (const name of namesOf(indicator)) {
      if (indexOfWords(text, name) >= 0 && (!best || name.length > best.length)) best = { indicator, length: name.length };
    }
  }
  return best ? { indicator: best.indicator, rest: withoutIndicatorName(header, best.indicator) } : null;
}
