import { h } from '../dom.js';
import { t } from '../i18n/index.js';
import { comparePeriods, formatValue } from '../monitoring-labels.js';

/**
 * A chart as the server drew it, with the same numbers as a table: the
 * picture for the eye, the table for screen readers, keyboards and anyone
 * who wants the exact figures (and for print, where both are kept).
 *
 * @typedef {{period: string, value: number | null, suppressed?: boolean}} ChartPoint
 * @typedef {{label: string, points: ChartPoint[]}} ChartSeries
 * @typedef {{title: string, description: string, unit: string, decimals: number, series: ChartSeries[],
 *   target: {value: number, label: string} | null, marker: {period: string, label: string} | null, lang: 'de' | 'en'}} ChartInput
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * The chart's figure and table. `id` makes the ids inside the SVG unique,
 * so several charts can share a page (the dossier) without their titles
 * being confused.
 *
 * @param {{chart: ChartInput, svg: string, id: string}} options
 */
export function chartBlock({ chart, svg, id }) {
  const picture = importSvg(svg, id);
  return h(
    'div',
    { class: 'chart-block', id },
    h('figure', { class: 'chart' }, picture ?? h('p', { class: 'hint' }, t('chart.unavailable')), h('figcaption', { class: 'hint' }, chart.description)),
    chartTable(chart, `${id}-table`),
  );
}

/**
 * The numbers of a chart as a table, as the server's chartTable
 * (domain/monitoring/charts.ts) builds them: one row per period, one column
 * per series, numbers in the chart's language; a suppressed cell says so, a
 * missing one shows a dash. Target and marker follow as a list.
 *
 * @param {ChartInput} chart @param {string} id
 */
export function chartTable(chart, id) {
  const periods = [
    ...new Set([...chart.series.flatMap((series) => series.points.map((point) => point.period)), ...(chart.marker ? [chart.marker.period] : [])]),
  ].sort(comparePeriods);
  const cell = (/** @type {ChartSeries} */ series, /** @type {string} */ period) => {
    const point = series.points.find((candidate) => candidate.period === period);
    if (point?.suppressed) return t('chart.suppressed');
    if (!point || point.value === null || !Number.isFinite(point.value)) return t('chart.missing');
    return formatValue(point.value, chart.unit, chart.decimals, chart.lang);
  };
  if (periods.length === 0) return h('p', { id }, t('chart.noValues', { title: chart.title }));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { id, class: 'chart-table' },
      h('caption', {}, chart.title),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, periodHeader(periods)),
          chart.series.map((series) => h('th', { scope: 'col' }, series.label)),
        ),
      ),
      h(
        'tbody',
        {},
        periods.map((period) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, period),
            chart.series.map((series) => h('td', { class: 'number' }, cell(series, period))),
          ),
        ),
      ),
    ),
    chart.target || chart.marker
      ? h(
          'ul',
          { class: 'chart-notes' },
          chart.target
            ? h('li', {}, t('chart.target', { label: chart.target.label, value: formatValue(chart.target.value, chart.unit, chart.decimals, chart.lang) }))
            : null,
          chart.marker ? h('li', {}, t('chart.marker', { label: chart.marker.label, period: chart.marker.period })) : null,
        )
      : null,
  );
}

/** "Jahr" when all periods are years, "Schuljahr" when all are school years, else "Zeitraum". @param {string[]} periods */
function periodHeader(periods) {
  if (periods.length > 0 && periods.every((period) => /^\d{4}$/.test(period))) return t('chart.year');
  if (periods.length > 0 && periods.every((period) => /^\d{4}\/\d{2}$/.test(period))) return t('chart.schoolYear');
  return t('chart.period');
}

/**
 * The server's SVG as a node of this page. It is parsed as XML and imported,
 * never assigned as HTML; scripts, foreign content and event handlers are
 * dropped all the same, and its ids get the chart's prefix (with the
 * references to them) so two charts never share an id.
 *
 * @param {string} markup @param {string} prefix
 * @returns {SVGSVGElement | null} null when the markup is no SVG
 */
export function importSvg(markup, prefix) {
  const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const root = parsed.documentElement;
  if (root.namespaceURI !== SVG_NS || root.localName !== 'svg' || parsed.getElementsByTagName('parsererror').length > 0) return null;
  for (const unsafe of root.querySelectorAll('script, foreignObject')) unsafe.remove();
  const elements = [root, ...root.querySelectorAll('*')];
  for (const element of elements) {
    for (const attribute of [...element.attributes]) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.toLowerCase().startsWith('on') || ((attribute.localName === 'href' || attribute.name === 'src') && value.startsWith('javascript:'))) {
        element.removeAttribute(attribute.name);
      }
    }
  }
  const ids = new Set(elements.map((element) => element.getAttribute('id')).filter((value) => value !== null));
  const renamed = (/** @type {string} */ value) => (ids.has(value) ? `${prefix}-${value}` : value);
  for (const element of elements) {
    const own = element.getAttribute('id');
    if (own) element.setAttribute('id', renamed(own));
    for (const name of ['aria-labelledby', 'aria-describedby']) {
      const references = element.getAttribute(name);
      if (references) element.setAttribute(name, references.split(/\s+/).map(renamed).join(' '));
    }
    for (const attribute of [...element.attributes]) {
      if (attribute.localName === 'href' && attribute.value.startsWith('#')) attribute.value = `#${renamed(attribute.value.slice(1))}`;
      else if (attribute.value.includes('url(#')) attribute.value = attribute.value.replace(/url\(#([^)]+)\)/g, (_match, ref) => `url(#${renamed(ref)})`);
    }
  }
  return /** @type {SVGSVGElement} */ (document.importNode(root, true));
}
