import { api, ApiError } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import {
  AREAS,
  areaLabel,
  DIMENSIONS,
  dimensionLabel,
  importHash,
  indicatorHash,
  isOffice,
  isOnlyDataProvider,
  localized,
  monitoringProblem,
  requestsHash,
  unitLabel,
  UNITS,
  valueText,
} from '../monitoring-labels.js';
import { mandateHash, rolesIn } from '../task-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../monitoring-api.js').CatalogueItem} CatalogueItem */

/**
 * The region's indicators by area of the monitoring guideline: one table per
 * area with each indicator's unit, latest value and the mandates that use
 * it. The office lead may add an indicator of the region's own.
 */
export async function monitoringCatalogueView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const roles = rolesIn(ctx.session, regionId);
  if (isOnlyDataProvider(roles)) return ctx.redirect(requestsHash(regionId));
  const [regions, catalogue] = await Promise.all([api.regions(ctx.signal), monitoring.indicators(regionId, ctx.signal)]);
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  const areas = catalogue.areas?.length ? catalogue.areas : AREAS;

  return h(
    'div',
    { class: 'monitoring' },
    h('h1', { tabindex: '-1' }, t('catalogue.title', { region: region?.name ?? regionId })),
    h('p', { class: 'lead' }, t('catalogue.intro')),
    isOffice(roles)
      ? h(
          'ul',
          { class: 'link-list' },
          h('li', {}, h('a', { href: importHash(regionId) }, t('catalogue.import'))),
          h('li', {}, h('a', { href: requestsHash(regionId) }, t('catalogue.requests'))),
        )
      : null,
    areas.map((area) =>
      areaSection(
        regionId,
        area,
        catalogue.items.filter((item) => item.area === area),
      ),
    ),
    roles.includes('office_lead') ? createSection(ctx, regionId, areas) : null,
  );
}

/** @param {string} regionId @param {string} area @param {CatalogueItem[]} items */
function areaSection(regionId, area, items) {
  const id = `area-${area}`;
  const name = areaLabel(area);
  return section(
    id,
    name,
    items.length === 0
      ? h('p', {}, t('catalogue.emptyArea'))
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'catalogue-table', 'aria-labelledby': `${id}-heading` },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['indicator', 'unit', 'latest', 'mandates'].map((column) => h('th', { scope: 'col' }, t(`catalogue.col.${column}`))),
              ),
            ),
            h(
              'tbody',
              {},
              items.map((item) => indicatorRow(regionId, item)),
            ),
          ),
        ),
    items.length > 0
      ? h(
          'p',
          { class: 'meta' },
          h('a', { href: monitoring.educationReportHref(regionId, area, 'pdf') }, t('catalogue.reportPdf', { area: name })),
          ' · ',
          h('a', { href: monitoring.educationReportHref(regionId, area, 'csv'), download: '' }, t('catalogue.reportCsv', { area: name })),
        )
      : null,
  );
}

/** @param {string} regionId @param {CatalogueItem} item */
function indicatorRow(regionId, item) {
  return h(
    'tr',
    { 'data-indicator': item.key },
    h(
      'th',
      { scope: 'row', class: 'text title' },
      h('a', { href: indicatorHash(regionId, item.key) }, localized(item.name)),
      item.custom ? h('span', { class: 'meta block' }, t('catalogue.custom')) : null,
    ),
    h('td', {}, unitLabel(item.unit)),
    h(
      'td',
      {},
      item.latest
        ? h('span', { class: 'number' }, t('catalogue.latest', { value: valueText(item.latest, item), period: item.latest.period }))
        : h('span', { class: 'meta' }, t('catalogue.noValue')),
    ),
    h(
      'td',
      { class: 'text' },
      (item.mandates ?? []).length === 0
        ? ''
        : h(
            'ul',
            { class: 'plain' },
            item.mandates.map((mandate) => h('li', {}, h('a', { href: mandateHash(regionId, mandate.id) }, mandate.title))),
          ),
    ),
  );
}

/**
 * The lead's form for an indicator of the region's own, folded away: most
 * visits are for reading. The API's errors on `name.de` and the like are
 * shown at the field for that language.
 *
 * @param {ViewContext} ctx @param {string} regionId @param {string[]} areas
 */
function createSection(ctx, regionId, areas) {
  const form = buildForm({
    id: 'indicator',
    fields: [
      { name: 'key', type: 'text', label: t('indicatorField.key'), hint: t('indicatorField.key.hint'), required: true },
      {
        name: 'area',
        type: 'select',
        label: t('indicatorField.area'),
        required: true,
        choices: areas.map((area) => ({ value: area, label: areaLabel(area) })),
      },
      { name: 'nameDe', type: 'text', label: t('indicatorField.nameDe'), required: true },
      { name: 'nameEn', type: 'text', label: t('indicatorField.nameEn'), required: true },
      { name: 'definitionDe', type: 'textarea', label: t('indicatorField.definitionDe'), required: true },
      { name: 'definitionEn', type: 'textarea', label: t('indicatorField.definitionEn'), required: true },
      {
        name: 'unit',
        type: 'select',
        label: t('indicatorField.unit'),
        required: true,
        choices: UNITS.map((unit) => ({ value: unit, label: unitLabel(unit) })),
      },
      { name: 'decimals', type: 'number', label: t('indicatorField.decimals'), required: true, step: '1', value: '1' },
      { name: 'source', type: 'text', label: t('indicatorField.source'), required: true },
      {
        name: 'breakdowns',
        type: 'checkboxes',
        label: t('indicatorField.breakdowns'),
        choices: Object.keys(DIMENSIONS).map((dimension) => ({ value: dimension, label: dimensionLabel(dimension) })),
      },
      {
        name: 'higherIsBetter',
        type: 'radio',
        label: t('indicatorField.higherIsBetter'),
        required: true,
        value: 'neutral',
        choices: ['higher', 'lower', 'neutral'].map((value) => ({ value, label: t(`monitoring.direction.${value}`) })),
      },
    ],
    submitLabel: t('catalogue.createSubmit'),
    async onSubmit(values, idempotencyKey) {
      const body = {
        key: values.key,
        area: values.area,
        name: { de: values.nameDe, en: values.nameEn },
        definition: { de: values.definitionDe, en: values.definitionEn },
        unit: values.unit,
        decimals: values.decimals,
        source: values.source,
        breakdowns: values.breakdowns ?? [],
        higherIsBetter: values.higherIsBetter === 'higher' ? true : values.higherIsBetter === 'lower' ? false : null,
      };
      let created;
      try {
        created = await monitoring.createIndicator(regionId, body, idempotencyKey);
      } catch (error) {
        throw error instanceof ApiError ? formErrors(error) : error;
      }
      ctx.navigate(indicatorHash(regionId, created.key), { notice: t('catalogue.created', { name: localized(created.name) }) });
    },
  });
  return section(
    'create-indicator',
    t('catalogue.create'),
    h('details', { class: 'disclosure' }, h('summary', {}, t('catalogue.createOpen')), h('p', { class: 'hint' }, t('catalogue.createHint')), form),
  );
}

/**
 * The API names the texts `name.de`, the form `nameDe`; its detail is
 * English, the form says it in the user's language.
 *
 * @param {ApiError} error
 */
function formErrors(error) {
  const rename = (/** @type {string} */ field) =>
    field.replace(/^(name|definition)[.[](de|en)\]?/, (_match, base, lang) => `${base}${lang === 'de' ? 'De' : 'En'}`);
  const errors = (error.problem.errors ?? []).map((fieldError) => ({ ...fieldError, field: rename(String(fieldError.field)) }));
  return new ApiError(error.status, { ...error.problem, errors, detail: monitoringProblem(error.problem, error.status) });
}
