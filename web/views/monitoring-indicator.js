import { ApiError, NetworkError } from '../api.js';
import { definitionList, h, section } from '../dom.js';
import { getLocale, t } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import {
  areaLabel,
  catalogueHash,
  dimensionLabel,
  directionLabel,
  formatValue,
  isOffice,
  isOnlyDataProvider,
  localized,
  monitoringProblem,
  requestsHash,
  unitLabel,
} from '../monitoring-labels.js';
import { mandateHash, rolesIn } from '../task-labels.js';
import { chartBlock } from './monitoring-chart.js';
import { targetSection, valueEntrySection, valuesTable } from './monitoring-values.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../monitoring-labels.js').Indicator} Indicator */
/** @typedef {Awaited<ReturnType<typeof monitoring.indicator>>} IndicatorPage */

/**
 * One indicator: its definition, the chart with the same numbers as a table
 * (by a breakdown, compared with other regions if asked), the current values
 * with each cell's history, and for the office a form to enter or correct a
 * value; the lead sets the target. After a change the values, the chart and
 * the facts are fetched again; what is typed in the forms stays.
 */
export async function monitoringIndicatorView(/** @type {ViewContext} */ ctx) {
  const { regionId, key } = ctx.params;
  const roles = rolesIn(ctx.session, regionId);
  if (isOnlyDataProvider(roles)) return ctx.redirect(requestsHash(regionId));
  const office = isOffice(roles);
  let page = await monitoring.indicator(regionId, key, ctx.signal);
  const { indicator } = page;
  const dimensions = ['total', ...indicator.breakdowns];
  /** What the chart shows; the address may ask for a breakdown (?dimension=sex&compare=true). */
  const options = {
    dimension: dimensions.includes(ctx.query.get('dimension') ?? '') ? /** @type {string} */ (ctx.query.get('dimension')) : 'total',
    compare: ctx.query.get('compare') === 'true',
  };
  let chart = await loadChart();

  const overview = h('div', {});
  const chartHolder = h('div', { id: 'chart-holder' });
  const chartProblem = h('p', { class: 'field-error', role: 'alert' });
  const values = h('div', {});

  function loadChart() {
    return monitoring.chart(
      regionId,
      key,
      { dimension: options.dimension === 'total' ? undefined : options.dimension, compare: options.compare, lang: getLocale() },
      ctx.signal,
    );
  }

  function draw() {
    overview.replaceChildren(overviewList(page, regionId));
    chartHolder.replaceChildren(chartBlock({ chart: chart.chart, svg: chart.svg, id: 'indicator-chart' }));
    values.replaceChildren(valuesTable({ regionId, page, office, signal: ctx.signal, onCorrect: entry?.correct }));
  }

  /** After a value or the target changed: facts, values and chart from the API again. */
  async function reload() {
    [page, chart] = await Promise.all([monitoring.indicator(regionId, key, ctx.signal), loadChart()]);
    draw();
  }

  const controls = chartControls(dimensions, options, async () => {
    chartProblem.textContent = '';
    try {
      chart = await loadChart();
    } catch (error) {
      if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
      chartProblem.textContent = error instanceof ApiError ? monitoringProblem(error.problem, error.status) : t('error.network');
      return;
    }
    chartHolder.replaceChildren(chartBlock({ chart: chart.chart, svg: chart.svg, id: 'indicator-chart' }));
    ctx.announce(t('indicator.chartShown', { title: chart.chart.title }));
  });

  const entry = office
    ? valueEntrySection({
        regionId,
        indicator,
        areas: [...new Set(page.values.map((value) => value.area))],
        defaultArea: page.settings.defaultArea ?? '',
        reload,
        announce: ctx.announce,
      })
    : null;
  const target = roles.includes('office_lead') ? targetSection({ regionId, indicator: () => page.indicator, reload, announce: ctx.announce }) : null;
  draw();

  return h(
    'div',
    { class: 'monitoring indicator' },
    h('p', { class: 'back no-print' }, h('a', { href: catalogueHash(regionId) }, t('indicator.back'))),
    h('h1', { tabindex: '-1' }, localized(indicator.name)),
    h('p', { class: 'lead' }, `${areaLabel(indicator.area)} · ${unitLabel(indicator.unit)}`),
    section('overview', t('indicator.overview'), overview),
    section(
      'chart',
      t('indicator.chart'),
      controls,
      chartProblem,
      chartHolder,
      h(
        'p',
        { class: 'row-actions no-print' },
        h('button', { type: 'button', id: 'print', class: 'button secondary', onclick: () => window.print() }, t('indicator.print')),
        h('a', { class: 'button secondary', href: monitoring.exportHref(regionId, key), download: '' }, t('indicator.export')),
      ),
    ),
    section(
      'values',
      t('indicator.values'),
      h('p', { class: 'hint' }, t('indicator.suppressionNote', { threshold: page.settings.suppressionThreshold })),
      values,
    ),
    entry?.node ?? null,
    target,
  );
}

/** @param {IndicatorPage} page @param {string} regionId */
function overviewList({ indicator, mandates }, regionId) {
  const target = indicator.target;
  return definitionList([
    [t('indicator.definition'), localized(indicator.definition)],
    [t('indicator.area'), areaLabel(indicator.area)],
    [t('indicator.unit'), unitLabel(indicator.unit)],
    [t('indicator.source'), indicator.source],
    [t('indicator.direction'), directionLabel(indicator.higherIsBetter)],
    [
      t('indicator.target'),
      target
        ? target.period
          ? t('indicator.targetFor', { value: formatValue(target.value, indicator.unit, indicator.decimals), period: target.period })
          : formatValue(target.value, indicator.unit, indicator.decimals)
        : t('indicator.noTarget'),
    ],
    [t('indicator.breakdowns'), indicator.breakdowns.length > 0 ? indicator.breakdowns.map(dimensionLabel).join(', ') : t('indicator.noBreakdowns')],
    [t('indicator.kind'), t(indicator.custom ? 'indicator.custom' : 'indicator.standard')],
    [
      t('indicator.mandates'),
      mandates.length > 0
        ? h(
            'ul',
            {},
            mandates.map((mandate) => h('li', {}, h('a', { href: mandateHash(regionId, mandate.id) }, mandate.title))),
          )
        : null,
    ],
  ]);
}

/**
 * The breakdown and the comparison, applied with a button: the chart changes
 * when asked, not while the user moves through the choices.
 *
 * @param {string[]} dimensions @param {{dimension: string, compare: boolean}} options @param {() => Promise<void>} apply
 */
function chartControls(dimensions, options, apply) {
  const select = h(
    'select',
    { id: 'chart-dimension', name: 'dimension' },
    dimensions.map((dimension) =>
      h(
        'option',
        { value: dimension, selected: dimension === options.dimension },
        dimension === 'total' ? t('indicator.dimension.total') : t('indicator.dimension.by', { dimension: dimensionLabel(dimension) }),
      ),
    ),
  );
  const compare = h('input', { type: 'checkbox', id: 'chart-compare', name: 'compare', checked: options.compare });
  const form = h(
    'form',
    { id: 'chart-options', class: 'filters no-print', novalidate: true },
    dimensions.length > 1 ? h('div', { class: 'field' }, h('label', { for: 'chart-dimension' }, t('indicator.dimension')), select) : null,
    h('div', { class: 'field choice' }, compare, h('label', { for: 'chart-compare' }, t('indicator.compare'))),
    h('button', { type: 'submit', id: 'chart-apply', class: 'button' }, t('indicator.showChart')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (form.getAttribute('aria-busy') === 'true') return;
    options.dimension = select.value || 'total';
    options.compare = compare.checked;
    form.setAttribute('aria-busy', 'true');
    try {
      await apply();
    } finally {
      form.removeAttribute('aria-busy');
    }
  });
  return form;
}
