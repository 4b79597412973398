import { api } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { formatCurrency, timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import { breakdownLabel, comparePeriods, directionLabel, localized, unitLabel, valueText } from '../monitoring-labels.js';
import { mandateHash } from '../task-labels.js';
import { chartBlock } from './monitoring-chart.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../monitoring-api.js').DossierContent} DossierContent */

/** Phases in which the mandate has an evaluation report. */
const EVALUATED = ['evaluation', 'closed'];

/**
 * The decision dossier of a mandate: the question, the goals, the options
 * and, per indicator, the numbers the decision rests on as a chart with its
 * table. Its SHA-256 checksum identifies the content; once the dossier has
 * gone to the board it is frozen and shows the state of that day.
 */
export async function dossierView(/** @type {ViewContext} */ ctx) {
  const { regionId, mandateId } = ctx.params;
  const [dossier, mandate] = await Promise.all([monitoring.dossier(regionId, mandateId, ctx.signal), api.mandate(regionId, mandateId, ctx.signal)]);
  const { content } = dossier;

  return h(
    'div',
    { class: 'monitoring dossier' },
    h('p', { class: 'back no-print' }, h('a', { href: mandateHash(regionId, mandateId) }, t('dossier.back'))),
    h('h1', { tabindex: '-1' }, t('dossier.title', { title: content.title })),
    h('p', { class: 'lead', id: 'dossier-state' }, dossier.frozen ? t('dossier.frozen') : t('dossier.draft'), ' (', timeElement(content.takenAt), ')'),
    definitionList([
      [t('dossier.region'), content.regionName],
      [t('dossier.actionField'), content.actionField],
      [t('dossier.takenAt'), timeElement(content.takenAt)],
      [t('dossier.hash'), h('code', { class: 'hash', id: 'dossier-hash' }, dossier.hash)],
    ]),
    h(
      'ul',
      { class: 'link-list no-print' },
      h('li', {}, h('a', { href: monitoring.dossierPdfHref(regionId, mandateId), id: 'dossier-pdf' }, t('dossier.pdf'))),
      EVALUATED.includes(mandate.phase)
        ? h('li', {}, h('a', { href: monitoring.evaluationReportPdfHref(regionId, mandateId), id: 'evaluation-pdf' }, t('dossier.evaluationPdf')))
        : null,
    ),
    section('question', t('dossier.question'), h('p', { class: 'prewrap' }, content.question)),
    section(
      'goals',
      t('dossier.goals'),
      h(
        'ul',
        {},
        content.goals.map((goal) => h('li', {}, goal)),
      ),
    ),
    section(
      'options',
      t('dossier.options'),
      content.options.length === 0
        ? h('p', {}, t('options.empty'))
        : content.options.map((option) =>
            h(
              'article',
              { class: 'card' },
              h('h3', {}, option.title),
              h('p', { class: 'prewrap' }, option.description),
              definitionList([
                [t('option.cost'), option.cost === null ? null : formatCurrency(option.cost)],
                [t('option.expectedEffect'), option.expectedEffect],
              ]),
            ),
          ),
    ),
    section(
      'indicators',
      t('dossier.indicators'),
      content.indicators.length === 0
        ? h('p', {}, t('dossier.noIndicators'))
        : content.indicators.map((entry, index) =>
            indicatorPart(
              entry,
              dossier.charts.find((chart) => chart.indicatorKey === entry.definition.key),
              index,
            ),
          ),
    ),
  );
}

/**
 * One indicator of the dossier: its definition, and its chart with the
 * table, or the values as a table when there is no chart.
 *
 * @param {DossierContent['indicators'][number]} entry
 * @param {{chart: import('./monitoring-chart.js').ChartInput, svg: string} | undefined} chart
 * @param {number} index
 */
function indicatorPart({ definition, values }, chart, index) {
  const headingId = `dossier-indicator-${index}-heading`;
  return h(
    'section',
    { class: 'dossier-indicator', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, localized(definition.name)),
    h('p', {}, localized(definition.definition)),
    h(
      'p',
      { class: 'meta' },
      `${unitLabel(definition.unit)} · ${directionLabel(definition.higherIsBetter)} · ${t('dossier.source', { source: definition.source })}`,
    ),
    chart ? chartBlock({ chart: chart.chart, svg: chart.svg, id: `dossier-chart-${index}` }) : valuesTable(definition, values, headingId),
  );
}

/**
 * @param {DossierContent['indicators'][number]['definition']} definition
 * @param {DossierContent['indicators'][number]['values']} values @param {string} headingId
 */
function valuesTable(definition, values, headingId) {
  if (values.length === 0) return h('p', {}, t('indicator.valuesEmpty'));
  const sorted = [...values].sort((a, b) => comparePeriods(a.period, b.period) || a.breakdownKey.localeCompare(b.breakdownKey));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { 'aria-labelledby': headingId },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['period', 'breakdown', 'area', 'value', 'source'].map((column) => h('th', { scope: 'col' }, t(`indicator.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        sorted.map((value) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, value.period),
            h('td', {}, breakdownLabel(value.breakdownKey)),
            h('td', {}, value.area),
            h('td', { class: 'number' }, valueText(value, definition)),
            h('td', { class: 'text' }, value.source),
          ),
        ),
      ),
    ),
  );
}
