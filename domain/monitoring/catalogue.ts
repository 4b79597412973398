import { z } from 'zod';
import { text } from '../fields';
import { DIMENSIONS, MONITORING_AREAS, UNITS, type Dimension, type IndicatorDefinition, type LocalizedText, type MonitoringArea } from './types';

export const AREA_NAMES: Record<MonitoringArea, LocalizedText> = {
  framework: { de: 'Rahmenbedingungen', en: 'Framework conditions' },
  'early-childhood': { de: 'Frühkindliche Bildung', en: 'Early childhood education' },
  'general-schools': { de: 'Allgemeinbildende Schulen', en: 'General schools' },
  'vocational-training': { de: 'Berufliche Bildung', en: 'Vocational education and training' },
  'higher-education': { de: 'Hochschule', en: 'Higher education' },
  'further-education': { de: 'Weiterbildung', en: 'Further education' },
  'non-formal-learning': { de: 'Non-formale Bildung', en: 'Non-formal learning' },
};

type StandardSpec = Omit<IndicatorDefinition, 'name' | 'definition' | 'custom' | 'target'> & {
  name: [de: string, en: string];
  definition: [de: string, en: string];
};

/**
 * Frozen because the catalogue is shared by every region in the process: a
 * region's target must be set on a copy, never on the standard definition.
 */
function standard({ name, definition, breakdowns, ...rest }: StandardSpec): IndicatorDefinition {
  return Object.freeze({
    ...rest,
    name: Object.freeze({ de: name[0], en: name[1] }),
    definition: Object.freeze({ de: definition[0], en: definition[1] }),
    breakdowns: Object.freeze([...breakdowns]) as Dimension[],
    custom: false,
    target: null,
  });
}

const POPULATION = 'Statistische Ämter des Bundes und der Länder, Bevölkerungsfortschreibung';
const SCHOOLS = 'Statistische Ämter des Bundes und der Länder, Schulstatistik';
const VOCATIONAL = 'Statistische Ämter des Bundes und der Länder, Berufsbildungsstatistik';
const CHILDCARE = 'Statistische Ämter des Bundes und der Länder, Kinder- und Jugendhilfestatistik (Kindertagesbetreuung); Bevölkerungsfortschreibung';
const LEAVERS_DE = 'Abgangsjahr = Schuljahr, das im Berichtsjahr endet (2024 = 2023/24); Schulort.';
const LEAVERS_EN = 'Leaving year = the school year ending in the reporting year (2024 = 2023/24); by school location.';

/**
 * The standard indicators along the seven areas of the municipal education
 * monitoring guideline. Breakdowns are those the official statistics publish
 * at district level; higherIsBetter is null for context figures.
 */
export const STANDARD_INDICATORS: readonly IndicatorDefinition[] = Object.freeze([
  standard({
    key: 'youth-quotient',
    area: 'framework',
    name: ['Jugendquotient', 'Youth dependency ratio'],
    definition: [
      'Personen unter 20 Jahren je 100 Personen im Alter von 20 bis unter 65 Jahren; Bevölkerung am 31.12. des Berichtsjahres, Wohnort.',
      'Persons under 20 per 100 persons aged 20 to under 65; population on 31 December of the reporting year, by place of residence.',
    ],
    unit: 'ratio',
    decimals: 1,
    source: POPULATION,
    breakdowns: [],
    higherIsBetter: null,
  }),
  standard({
    key: 'sgb2-rate-under-15',
    area: 'framework',
    name: ['SGB-II-Quote der unter 15-Jährigen', 'Share of under-15s receiving basic income support (SGB II)'],
    definition: [
      'Nicht erwerbsfähige Leistungsberechtigte unter 15 Jahren in Bedarfsgemeinschaften nach dem SGB II (Bürgergeld, bis 2022 Arbeitslosengeld II/Sozialgeld) im Dezember des Berichtsjahres in Prozent der Bevölkerung unter 15 Jahren am 31.12. des Vorjahres.',
      'Persons under 15 entitled to benefits but not capable of work, living in benefit households under SGB II (Bürgergeld; until 2022 unemployment benefit II/social allowance), in December of the reporting year, as a percentage of the population under 15 on 31 December of the previous year.',
    ],
    unit: 'percent',
    decimals: 1,
    source: 'Statistik der Bundesagentur für Arbeit, Grundsicherung für Arbeitsuchende (SGB II)',
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: false,
  }),
  standard({
    key: 'foreign-nationals-share',
    area: 'framework',
    name: ['Anteil der ausländischen Bevölkerung', 'Share of foreign nationals'],
    definition: [
      'Personen ohne deutsche Staatsangehörigkeit in Prozent der Bevölkerung am 31.12. des Berichtsjahres; Personen mit deutscher und weiterer Staatsangehörigkeit zählen als Deutsche. Den Migrationshintergrund weist nur der Mikrozensus aus, nicht die jährliche Kreisstatistik.',
      'Persons without German citizenship as a percentage of the population on 31 December of the reporting year; persons with German and another citizenship count as German. Migration background is only covered by the microcensus, not by the annual district statistics.',
    ],
    unit: 'percent',
    decimals: 1,
    source: POPULATION,
    breakdowns: ['sex'],
    higherIsBetter: null,
  }),
  standard({
    key: 'u3-childcare-rate',
    area: 'early-childhood',
    name: ['Betreuungsquote der unter 3-Jährigen', 'Childcare rate of children under three'],
    definition: [
      'Kinder unter 3 Jahren in Kindertageseinrichtungen oder öffentlich geförderter Kindertagespflege am 1. März des Berichtsjahres (ohne Doppelzählungen) in Prozent der Kinder unter 3 Jahren am 31.12. des Vorjahres; Ort der Betreuung.',
      'Children under 3 in day-care centres or publicly funded childminding on 1 March of the reporting year (counted once) as a percentage of children under 3 on 31 December of the previous year; by place of care.',
    ],
    unit: 'percent',
    decimals: 1,
    source: CHILDCARE,
    breakdowns: [],
    higherIsBetter: true,
  }),
  standard({
    key: 'childcare-rate-3-to-6',
    area: 'early-childhood',
    name: ['Betreuungsquote der 3- bis unter 6-Jährigen', 'Childcare rate of children aged 3 to under 6'],
    definition: [
      'Kinder von 3 bis unter 6 Jahren in Kindertageseinrichtungen oder öffentlich geförderter Kindertagespflege am 1. März des Berichtsjahres (ohne Schulkinder) in Prozent der Kinder dieses Alters am 31.12. des Vorjahres; Ort der Betreuung.',
      'Children aged 3 to under 6 in day-care centres or publicly funded childminding on 1 March of the reporting year (excluding school children) as a percentage of children of that age on 31 December of the previous year; by place of care.',
    ],
    unit: 'percent',
    decimals: 1,
    source: CHILDCARE,
    breakdowns: [],
    higherIsBetter: true,
  }),
  standard({
    key: 'language-support-need',
    area: 'early-childhood',
    name: ['Kinder mit Sprachförderbedarf bei der Schuleingangsuntersuchung', 'Children needing language support at the school entry examination'],
    definition: [
      'Kinder, bei denen die Schuleingangsuntersuchung einen Förder- oder Behandlungsbedarf in der Sprache feststellt, in Prozent aller untersuchten Kinder des Einschulungsjahrgangs; Berichtsjahr = Jahr der Einschulung.',
      'Children for whom the school entry examination finds a need for language support or therapy, as a percentage of all children examined in the school entry cohort; reporting year = year of school entry.',
    ],
    unit: 'percent',
    decimals: 1,
    source: 'Gesundheitsamt, Schuleingangsuntersuchung',
    breakdowns: ['sex'],
    higherIsBetter: false,
  }),
  standard({
    key: 'transition-rate-gymnasium',
    area: 'general-schools',
    name: ['Übergangsquote von der Grundschule auf das Gymnasium', 'Transition rate from primary school to Gymnasium'],
    definition: [
      'Schüler*innen, die aus Klasse 4 der Grundschule in Klasse 5 eines Gymnasiums wechseln, in Prozent aller Schüler*innen, die aus Klasse 4 in Klasse 5 einer weiterführenden Schule wechseln; Schuljahr, das im Berichtsjahr beginnt (Stichtag der Schulstatistik); Schulort.',
      'Pupils moving from grade 4 of primary school to grade 5 of a Gymnasium as a percentage of all pupils moving from grade 4 to grade 5 of a secondary school; school year beginning in the reporting year (school statistics reference date); by school location.',
    ],
    unit: 'percent',
    decimals: 1,
    source: SCHOOLS,
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: null,
  }),
  standard({
    key: 'leavers-without-certificate',
    area: 'general-schools',
    name: ['Anteil der Abgänger*innen ohne Ersten Schulabschluss', 'Share of school leavers without a first school-leaving certificate'],
    definition: [
      `Abgänger*innen allgemeinbildender Schulen ohne mindestens den Ersten Schulabschluss (Hauptschulabschluss), einschließlich Abgängen mit Förderschulabschluss, in Prozent aller Abgänger*innen und Absolvent*innen allgemeinbildender Schulen; ${LEAVERS_DE}`,
      `Leavers of general schools without at least the first school-leaving certificate (Hauptschulabschluss), including those leaving with a special-school certificate, as a percentage of all leavers and graduates of general schools; ${LEAVERS_EN}`,
    ],
    unit: 'percent',
    decimals: 1,
    source: SCHOOLS,
    breakdowns: ['sex', 'nationality', 'schoolType'],
    higherIsBetter: false,
  }),
  standard({
    key: 'leavers-without-certificate-count',
    area: 'general-schools',
    name: ['Abgänger*innen ohne Ersten Schulabschluss (Anzahl)', 'School leavers without a first school-leaving certificate (number)'],
    definition: [
      `Anzahl der Abgänger*innen allgemeinbildender Schulen ohne mindestens den Ersten Schulabschluss (Hauptschulabschluss), einschließlich Abgängen mit Förderschulabschluss; zeigt, wie viele junge Menschen eine Maßnahme erreichen muss. ${LEAVERS_DE}`,
      `Number of leavers of general schools without at least the first school-leaving certificate (Hauptschulabschluss), including those leaving with a special-school certificate; shows how many young people a measure has to reach. ${LEAVERS_EN}`,
    ],
    unit: 'count',
    decimals: 0,
    source: SCHOOLS,
    breakdowns: ['sex', 'nationality', 'schoolType'],
    higherIsBetter: false,
  }),
  standard({
    key: 'leavers-with-abitur',
    area: 'general-schools',
    name: ['Anteil der Absolvent*innen mit allgemeiner Hochschulreife', 'Share of school leavers with the Abitur'],
    definition: [
      `Absolvent*innen allgemeinbildender Schulen mit allgemeiner Hochschulreife (Abitur) in Prozent aller Abgänger*innen und Absolvent*innen allgemeinbildender Schulen; ohne berufliche Schulen. ${LEAVERS_DE}`,
      `Graduates of general schools with the general higher education entrance qualification (Abitur) as a percentage of all leavers and graduates of general schools; vocational schools excluded. ${LEAVERS_EN}`,
    ],
    unit: 'percent',
    decimals: 1,
    source: SCHOOLS,
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: true,
  }),
  standard({
    key: 'all-day-school-share',
    area: 'general-schools',
    name: ['Anteil der Schüler*innen im Ganztagsbetrieb', 'Share of pupils in all-day schooling'],
    definition: [
      'Schüler*innen allgemeinbildender Schulen, die am Ganztagsbetrieb teilnehmen (offene, teilweise gebundene und voll gebundene Form nach der Definition der KMK), in Prozent aller Schüler*innen allgemeinbildender Schulen; Schuljahr, das im Berichtsjahr beginnt; Schulort.',
      'Pupils of general schools taking part in all-day schooling (open, partly and fully compulsory forms as defined by the Standing Conference of Education Ministers, KMK) as a percentage of all pupils of general schools; school year beginning in the reporting year; by school location.',
    ],
    unit: 'percent',
    decimals: 1,
    source: `${SCHOOLS}; Sekretariat der KMK, Allgemeinbildende Schulen in Ganztagsform`,
    breakdowns: ['schoolType'],
    higherIsBetter: true,
  }),
  standard({
    key: 'inclusion-rate',
    area: 'general-schools',
    name: ['Inklusionsanteil', 'Inclusion rate'],
    definition: [
      'Schüler*innen mit sonderpädagogischem Förderbedarf, die allgemeine Schulen (nicht Förderschulen) besuchen, in Prozent aller Schüler*innen mit sonderpädagogischem Förderbedarf an allgemeinbildenden Schulen; Schuljahr, das im Berichtsjahr beginnt; Schulort.',
      'Pupils with special educational needs attending mainstream schools (not special schools) as a percentage of all pupils with special educational needs at general schools; school year beginning in the reporting year; by school location.',
    ],
    unit: 'percent',
    decimals: 1,
    source: SCHOOLS,
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: true,
  }),
  standard({
    key: 'apprenticeship-entry-rate',
    area: 'vocational-training',
    name: ['Ausbildungsanfängerquote (duale Ausbildung)', 'Apprenticeship entry rate (dual system)'],
    definition: [
      'Auszubildende mit neu abgeschlossenem Ausbildungsvertrag im dualen System im Berichtsjahr (Stichtag 31.12.) in Prozent der durchschnittlichen Stärke eines Altersjahrgangs der 16- bis unter 25-Jährigen am 31.12. des Vorjahres; Ort der Ausbildungsstätte, daher durch Pendeln beeinflusst.',
      'Apprentices with a newly concluded training contract in the dual system in the reporting year (reference date 31 December) as a percentage of the average size of one age cohort of the 16- to under-25-year-olds on 31 December of the previous year; by place of training, so affected by commuting.',
    ],
    unit: 'percent',
    decimals: 1,
    source: `${VOCATIONAL}; Bevölkerungsfortschreibung`,
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: true,
  }),
  standard({
    key: 'training-contract-termination-rate',
    area: 'vocational-training',
    name: ['Vertragslösungsquote', 'Training contract termination rate'],
    definition: [
      'Vorzeitig gelöste Ausbildungsverträge im dualen System in Prozent der begonnenen Ausbildungsverträge, berechnet nach dem Schichtenmodell des BIBB aus den Lösungen des Berichtsjahres nach Beginnjahr des Vertrags; Ort der Ausbildungsstätte. Eine Lösung ist nicht immer ein Abbruch der Ausbildung.',
      'Training contracts in the dual system terminated early as a percentage of contracts begun, calculated with the BIBB layer model from the terminations in the reporting year by the year the contract began; by place of training. A termination does not always mean dropping out of training.',
    ],
    unit: 'percent',
    decimals: 1,
    source: `${VOCATIONAL}; Berechnung des BIBB (Schichtenmodell)`,
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: false,
  }),
  standard({
    key: 'transition-system-share',
    area: 'vocational-training',
    name: ['Anteil der Neuzugänge in den Übergangsbereich', 'Share of new entrants in the transition system'],
    definition: [
      'Neuzugänge in Bildungsgänge des Übergangsbereichs (u. a. Berufsvorbereitungsjahr, Berufseinstiegsjahr, Berufsfachschulen ohne beruflichen Abschluss, Einstiegsqualifizierung) in Prozent aller Neuzugänge in duale Ausbildung, Schulberufssystem und Übergangsbereich im Berichtsjahr; Schulort bzw. Ort der Ausbildungsstätte.',
      'New entrants in programmes of the transition system (e.g. pre-vocational year, vocational entry year, full-time vocational schools without a vocational qualification, entry qualification) as a percentage of all new entrants in dual training, school-based vocational training and the transition system in the reporting year; by place of school or training.',
    ],
    unit: 'percent',
    decimals: 1,
    source: 'Statistische Ämter des Bundes und der Länder, Integrierte Ausbildungsberichterstattung (iABE)',
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: false,
  }),
  standard({
    key: 'entrance-qualification-rate',
    area: 'higher-education',
    name: ['Studienberechtigtenquote', 'Higher education entrance qualification rate'],
    definition: [
      'Absolvent*innen allgemeinbildender und beruflicher Schulen mit allgemeiner oder fachgebundener Hochschulreife oder Fachhochschulreife im Abgangsjahr in Prozent der durchschnittlichen Stärke eines Altersjahrgangs der 18- bis unter 21-Jährigen am 31.12. des Vorjahres; Schulort.',
      'Graduates of general and vocational schools with a general or subject-restricted higher education entrance qualification or a Fachhochschulreife in the leaving year as a percentage of the average size of one age cohort of the 18- to under-21-year-olds on 31 December of the previous year; by school location.',
    ],
    unit: 'percent',
    decimals: 1,
    source: `${SCHOOLS} (allgemeinbildende und berufliche Schulen); Bevölkerungsfortschreibung`,
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: true,
  }),
  standard({
    key: 'students-per-1000',
    area: 'higher-education',
    name: ['Studierende je 1.000 Einwohner*innen', 'Students per 1,000 inhabitants'],
    definition: [
      'Studierende an Hochschulen mit Standort in der Region im Wintersemester, das im Berichtsjahr beginnt (einschließlich Beurlaubter, ohne Gasthörer*innen), je 1.000 Einwohner*innen am 31.12. des Vorjahres; hängt vor allem davon ab, ob es in der Region einen Hochschulstandort gibt.',
      'Students enrolled at higher education institutions located in the region in the winter semester beginning in the reporting year (including students on leave, excluding guest students) per 1,000 inhabitants on 31 December of the previous year; depends mainly on whether the region has a higher education site.',
    ],
    unit: 'per-1000',
    decimals: 1,
    source: 'Statistische Ämter des Bundes und der Länder, Hochschulstatistik (Studierendenstatistik)',
    breakdowns: ['sex', 'nationality'],
    higherIsBetter: null,
  }),
  standard({
    key: 'adult-education-enrolments',
    area: 'further-education',
    name: ['Belegungen in Volkshochschulkursen je 1.000 Einwohner*innen', 'Adult education centre (VHS) course enrolments per 1,000 inhabitants'],
    definition: [
      'Kursbelegungen an Volkshochschulen mit Sitz in der Region im Kalenderjahr (eine Person kann mehrere Kurse belegen; Einzelveranstaltungen zählen nicht) je 1.000 Einwohner*innen am 31.12. des Berichtsjahres.',
      'Course enrolments at adult education centres (Volkshochschulen) based in the region in the calendar year (one person may enrol in several courses; single events do not count) per 1,000 inhabitants on 31 December of the reporting year.',
    ],
    unit: 'per-1000',
    decimals: 1,
    source: 'Volkshochschul-Statistik (DIE)',
    breakdowns: ['sex'],
    higherIsBetter: true,
  }),
  standard({
    key: 'further-education-participation',
    area: 'further-education',
    name: ['Weiterbildungsbeteiligung', 'Participation in further education'],
    definition: [
      'Personen von 25 bis unter 65 Jahren, die in den letzten 12 Monaten vor der Befragung an mindestens einer Lehrveranstaltung der allgemeinen oder beruflichen Weiterbildung teilgenommen haben, in Prozent der Bevölkerung dieses Alters; Hochrechnung aus der Stichprobe des Mikrozensus, für kleine Kreise nur zusammen mit Nachbarkreisen.',
      'Persons aged 25 to under 65 who took part in at least one course of general or vocational further education in the 12 months before the interview, as a percentage of the population of that age; estimated from the microcensus sample, for small districts only together with neighbouring districts.',
    ],
    unit: 'percent',
    decimals: 1,
    source: 'Statistische Ämter des Bundes und der Länder, Mikrozensus; Deutscher Weiterbildungsatlas (DIE)',
    breakdowns: ['sex'],
    higherIsBetter: true,
  }),
  standard({
    key: 'library-users-per-1000',
    area: 'non-formal-learning',
    name: ['Aktive Nutzer*innen öffentlicher Bibliotheken je 1.000 Einwohner*innen', 'Active public library users per 1,000 inhabitants'],
    definition: [
      'Personen, die im Kalenderjahr mindestens einmal Medien einer öffentlichen Bibliothek in der Region entliehen haben (aktive Nutzer*innen), je 1.000 Einwohner*innen am 31.12. des Berichtsjahres.',
      'Persons who borrowed media from a public library in the region at least once in the calendar year (active users) per 1,000 inhabitants on 31 December of the reporting year.',
    ],
    unit: 'per-1000',
    decimals: 1,
    source: 'Deutsche Bibliotheksstatistik (hbz)',
    breakdowns: [],
    higherIsBetter: true,
  }),
  standard({
    key: 'music-school-share',
    area: 'non-formal-learning',
    name: ['Anteil der Kinder und Jugendlichen an Musikschulen', 'Share of children and young people in music schools'],
    definition: [
      'Schüler*innen unter 19 Jahren an öffentlichen Musikschulen (Mitgliedsschulen im VdM) in der Region am 1. Januar des Berichtsjahres in Prozent der Bevölkerung unter 19 Jahren am 31.12. des Vorjahres.',
      'Pupils under 19 at public music schools (members of the VdM) in the region on 1 January of the reporting year as a percentage of the population under 19 on 31 December of the previous year.',
    ],
    unit: 'percent',
    decimals: 1,
    source: 'Verband deutscher Musikschulen (VdM), Musikschulstatistik',
    breakdowns: [],
    higherIsBetter: true,
  }),
  standard({
    key: 'youth-work-participants',
    area: 'non-formal-learning',
    name: ['Teilnehmende an Angeboten der Kinder- und Jugendarbeit je 1.000 junge Menschen', 'Youth work participants per 1,000 young people'],
    definition: [
      'Teilnehmende an öffentlich geförderten gruppenbezogenen Angeboten, Veranstaltungen und Projekten der Kinder- und Jugendarbeit im Kalenderjahr (Mehrfachteilnahmen zählen mehrfach) je 1.000 Einwohner*innen von 6 bis unter 27 Jahren am 31.12. des Berichtsjahres.',
      'Participants in publicly funded group activities, events and projects of youth work in the calendar year (repeat participation counts each time) per 1,000 inhabitants aged 6 to under 27 on 31 December of the reporting year.',
    ],
    unit: 'per-1000',
    decimals: 1,
    source: 'Kinder- und Jugendhilfestatistik, Angebote der Jugendarbeit (zweijährlich); Zwischenjahre: Jugendamt, Verwendungsnachweise',
    breakdowns: ['sex'],
    higherIsBetter: true,
  }),
]);

const BY_KEY = new Map(STANDARD_INDICATORS.map((indicator) => [indicator.key, indicator]));

export function findStandardIndicator(key: string): IndicatorDefinition | undefined {
  return BY_KEY.get(key);
}

export const INDICATOR_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,59}$/;

const localized = (max: number) => z.strictObject({ de: text(max), en: text(max) });

/** A region's own indicator. Its key must not shadow a standard indicator, or values would be read against the wrong definition. */
export const customIndicatorSchema = z.strictObject({
  key: z
    .string()
    .regex(INDICATOR_KEY_PATTERN, { error: "must be 2–60 lower-case letters, digits or '-', starting with a letter or digit" })
    .refine((key) => !BY_KEY.has(key), { error: 'is the key of a standard indicator', params: { code: 'standard_key' } }),
  area: z.enum(MONITORING_AREAS),
  name: localized(200),
  definition: localized(2000),
  unit: z.enum(UNITS),
  decimals: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0).max(3),
  source: text(300),
  breakdowns: z.array(z.enum(Object.keys(DIMENSIONS) as [Dimension, ...Dimension[]])).superRefine((dimensions, ctx) => {
    dimensions.forEach((dimension, index) => {
      if (dimensions.indexOf(dimension) !== index) {
        ctx.addIssue({ code: 'custom', path: [index], message: `names "${dimension}" twice`, params: { code: 'duplicate' } });
      }
    });
  }),
  higherIsBetter: z.boolean().nullable(),
});
export type CustomIndicatorInput = z.infer<typeof customIndicatorSchema>;

/** The definition of a region's own indicator, as validated by customIndicatorSchema. */
export function customIndicatorDefinition(input: CustomIndicatorInput): IndicatorDefinition {
  return { ...input, breakdowns: [...input.breakdowns], custom: true, target: null };
}
