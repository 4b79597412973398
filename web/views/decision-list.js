import { api, ApiError } from '../api.js';
import { h, section } from '../dom.js';
import { formatDate, formatNumber } from '../format.js';
import { t, tCount } from '../i18n/index.js';
import { decisionHash, decisions, decisionsHash, meetingsHash } from '../meetings-api.js';
import { lightBadge, resultBadge } from './meeting-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../meetings-api.js').DecisionRecord} DecisionRecord */
/** @typedef {import('../meetings-api.js').StatusReport} StatusReport */
/** @typedef {import('../meetings-api.js').TrafficLight} TrafficLight */

/** Worst first: the summary and each decision's light lead with what needs attention. @type {TrafficLight[]} */
const LIGHTS = ['red', 'yellow', 'green', 'done'];

/**
 * The board's decision records by year (newest first), with corrections
 * marked both ways, and the state of their implementation (Beschluss-
 * kontrolle): a summary by traffic light and the report as PDF.
 */
export async function decisionListView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const year = /^\d{4}$/.test(ctx.query.get('year') ?? '') ? String(ctx.query.get('year')) : '';
  const [regions, all, report] = await Promise.all([
    api.regions(ctx.signal),
    decisions.list(regionId, {}, ctx.signal),
    // Without the report the records are still worth showing.
    decisions.implementationReport(regionId, ctx.signal).catch((error) => {
      if (error instanceof ApiError) return null;
      throw error;
    }),
  ]);
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  const years = [...new Set(all.items.map((record) => record.year))].sort((a, b) => b - a);
  const shown = year ? all.items.filter((record) => String(record.year) === year) : all.items;
  /** Which records a later one corrects: id → the correcting records' numbers. */
  const correctedBy = new Map();
  for (const record of all.items) {
    if (record.corrects) correctedBy.set(record.corrects, [...(correctedBy.get(record.corrects) ?? []), record]);
  }
  const lights = lightsByDecision(report);
  if (ctx.samePage) ctx.announce(tCount('decision.list.total', shown.length));

  return h(
    'div',
    { class: 'decisions' },
    h('h1', { tabindex: '-1' }, t('decision.list.title', { region: region?.name ?? regionId })),
    h('p', {}, h('a', { href: meetingsHash(regionId) }, t('decision.list.toMeetings'))),
    report ? summarySection(regionId, report) : null,
    years.length > 1 ? yearFilter(ctx, regionId, years, year) : null,
    h('p', { class: 'total' }, tCount('decision.list.total', shown.length)),
    groupByYear(shown).map(([recordYear, records]) =>
      section(`year-${recordYear}`, String(recordYear), recordTable(recordYear, records, regionId, all.items, correctedBy, lights)),
    ),
  );
}

/**
 * The traffic light that leads for each decision with open items: the worst
 * of its items, and how many there are.
 *
 * @param {StatusReport | null} report @returns {Map<string, {light: TrafficLight, count: number}>}
 */
function lightsByDecision(report) {
  const result = new Map();
  for (const entry of report?.entries ?? []) {
    const worst = LIGHTS.find((light) => entry.items.some((item) => item.light === light));
    if (worst) result.set(entry.decision.id, { light: worst, count: entry.items.length });
  }
  return result;
}

/** @param {string} regionId @param {StatusReport} report */
function summarySection(regionId, report) {
  return section(
    'implementation-summary',
    t('decision.summary.title'),
    h(
      'ul',
      { class: 'light-summary', id: 'light-summary' },
      LIGHTS.map((light) =>
        h(
          'li',
          {},
          lightBadge(light),
          ': ',
          h('span', { class: 'number' }, tCount('decision.summary.items', report.counts[light] ?? 0, { count: formatNumber(report.counts[light] ?? 0) })),
        ),
      ),
    ),
    h('p', { class: 'hint' }, t('decision.summary.hint', { days: formatNumber(report.yellowDays) })),
    h(
      'ul',
      { class: 'link-list' },
      h('li', {}, h('a', { id: 'implementation-report-pdf', href: decisions.implementationReportPdfHref(regionId) }, t('decision.summary.pdf'))),
    ),
  );
}

/**
 * The year to show; applied on submit, so a changing select does not move
 * the page under a keyboard user (WCAG 3.2.2).
 *
 * @param {ViewContext} ctx @param {string} regionId @param {number[]} years @param {string} year
 */
function yearFilter(ctx, regionId, years, year) {
  const select = h(
    'select',
    { id: 'filter-year', name: 'year' },
    h('option', { value: '' }, t('decision.list.allYears')),
    years.map((value) => h('option', { value: String(value), selected: String(value) === year }, String(value))),
  );
  return h(
    'form',
    {
      role: 'search',
      'aria-label': t('decision.list.filter'),
      class: 'filters',
      onsubmit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        ctx.navigate(select.value ? `${decisionsHash(regionId)}?year=${select.value}` : decisionsHash(regionId));
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'filter-year' }, t('decision.list.year')), select),
    h('button', { type: 'submit', id: 'filter-apply', class: 'button secondary' }, t('decision.list.apply')),
  );
}

/** Records grouped by year, newest year first; within a year newest first. @param {DecisionRecord[]} records */
function groupByYear(records) {
  /** @type {Map<number, DecisionRecord[]>} */
  const groups = new Map();
  for (const record of records) groups.set(record.year, [...(groups.get(record.year) ?? []), record]);
  return [...groups].sort(([a], [b]) => b - a).map(([year, list]) => /** @type {[number, DecisionRecord[]]} */ ([year, list.sort((a, b) => b.seq - a.seq)]));
}

/**
 * @param {number} year @param {DecisionRecord[]} records @param {string} regionId @param {DecisionRecord[]} all
 * @param {Map<string, DecisionRecord[]>} correctedBy @param {Map<string, {light: TrafficLight, count: number}>} lights
 */
function recordTable(year, records, regionId, all, correctedBy, lights) {
  const columns = ['number', 'text', 'result', 'date', 'implementation', 'corrections'];
  const numberOf = (/** @type {string} */ id) => all.find((record) => record.id === id)?.number ?? id.replace(/-(\d+)$/, '/$1');
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-labelledby': `year-${year}-heading` },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, t(`decision.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        records.map((record) => {
          const light = lights.get(record.id);
          const later = correctedBy.get(record.id) ?? [];
          return h(
            'tr',
            { 'data-decision-id': record.id, class: later.length > 0 ? 'superseded' : null },
            h('th', { scope: 'row', class: 'number' }, h('a', { href: decisionHash(regionId, record.id) }, record.number)),
            h('td', { class: 'text' }, h('strong', { class: 'block' }, record.subject.title), shorten(record.text)),
            h('td', {}, resultBadge(record)),
            h('td', {}, dateOnly(record.decidedAt)),
            h('td', {}, light ? [lightBadge(light.light), h('span', { class: 'block meta' }, tCount('decision.list.items', light.count))] : '–'),
            h(
              'td',
              {},
              record.corrects
                ? h(
                    'span',
                    { class: 'block correction' },
                    t('decision.list.corrects'),
                    ' ',
                    h('a', { href: decisionHash(regionId, record.corrects) }, numberOf(record.corrects)),
                  )
                : null,
              later.map((newer) =>
                h('span', { class: 'block correction' }, t('decision.list.correctedBy'), ' ', h('a', { href: decisionHash(regionId, newer.id) }, newer.number)),
              ),
              !record.corrects && later.length === 0 ? '–' : null,
            ),
          );
        }),
      ),
    ),
  );
}

/** The decision text in the list: the first 200 characters. @param {string} text */
function shorten(text) {
  return text.length > 200 ? `${text.slice(0, 199).trimEnd()}…` : text;
}

/** An instant shown as its (Berlin) day only. @param {string} instant */
export function dateOnly(instant) {
  const element = document.createElement('time');
  element.dateTime = instant;
  element.textContent = formatDate(instant);
  return element;
}
