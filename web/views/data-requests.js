import { api } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { timeElement } from '../format.js';
import { t, tCount } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import { isOnlyDataProvider, localized, localizedFormError, requestHash, requestIndicatorName, requestStatusBadge } from '../monitoring-labels.js';
import { office as officeApi } from '../office-api.js';
import { berlinToday, mandateHash, rolesIn } from '../task-labels.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../monitoring-api.js').DataRequest} DataRequest */

/**
 * Data requests: a provider sees the requests addressed to them, the office
 * all open and recent ones; the office lead asks a provider for the values
 * of an indicator here.
 */
export async function dataRequestsView(/** @type {ViewContext} */ ctx) {
  const { regionId } = ctx.params;
  const roles = rolesIn(ctx.session, regionId);
  const provider = isOnlyDataProvider(roles);
  const isLead = roles.includes('office_lead');
  const [regions, first] = await Promise.all([api.regions(ctx.signal), monitoring.dataRequests(regionId, ctx.signal)]);
  const region = regions.items.find((/** @type {{id: string}} */ candidate) => candidate.id === regionId);
  const list = h('div', {});

  /** @param {DataRequest[]} items */
  function draw(items) {
    list.replaceChildren(
      h('p', { id: 'requests-total', class: 'total' }, tCount('requests.total', items.length, { count: items.length })),
      items.length === 0 ? h('p', {}, t(provider ? 'requests.emptyProvider' : 'requests.empty')) : requestTable(items, regionId, !provider),
    );
  }
  draw(first.items);

  return h(
    'div',
    { class: 'monitoring requests' },
    h('h1', { tabindex: '-1' }, t('requests.title', { region: region?.name ?? regionId })),
    h('p', { class: 'lead' }, t(provider ? 'requests.introProvider' : 'requests.intro')),
    section('requests', t('requests.list'), list),
    isLead ? await createSection(ctx, regionId, async () => draw((await monitoring.dataRequests(regionId, ctx.signal)).items)) : null,
  );
}

/** @param {DataRequest[]} items @param {string} regionId @param {boolean} showProvider */
function requestTable(items, regionId, showProvider) {
  const columns = ['indicator', 'periods', ...(showProvider ? ['provider'] : []), 'dueDate', 'status', 'mandate'];
  const today = berlinToday();
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { id: 'requests-table', 'aria-labelledby': 'requests-heading' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((column) => h('th', { scope: 'col' }, t(`requests.col.${column}`))),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((request) => {
          const open = request.status === 'open' || request.status === 'claimed';
          return h(
            'tr',
            { 'data-request-id': request.id },
            h(
              'th',
              { scope: 'row', class: 'text title' },
              h('a', { href: requestHash(regionId, request.id), id: `request-link-${request.id}` }, requestIndicatorName(request)),
            ),
            h('td', {}, request.periods.join(', ')),
            showProvider ? h('td', {}, request.provider?.name ?? t('task.nobody')) : null,
            h(
              'td',
              {},
              timeElement(request.dueDate),
              open && request.dueDate < today ? h('span', { class: 'due-state due-overdue block' }, t('requests.overdue')) : null,
            ),
            h('td', {}, requestStatusBadge(request.status)),
            h('td', { class: 'text' }, request.mandate ? h('a', { href: mandateHash(regionId, request.mandate.id) }, request.mandate.title) : ''),
          );
        }),
      ),
    ),
  );
}

/**
 * The lead's form: which indicator, from whom, by when, for which periods.
 * The providers are the region's members with the role data_provider.
 *
 * @param {ViewContext} ctx @param {string} regionId @param {() => Promise<void>} reload
 */
async function createSection(ctx, regionId, reload) {
  const [catalogue, members, mandates] = await Promise.all([
    monitoring.indicators(regionId, ctx.signal),
    officeApi.members(regionId, undefined, ctx.signal),
    api.mandates(regionId, { page: 1, pageSize: 100 }, ctx.signal).catch(() => ({ items: [] })),
  ]);
  const providers = members.items.filter((member) => member.roles.includes('data_provider'));
  const open = mandates.items.filter((/** @type {{phase: string}} */ mandate) => mandate.phase !== 'closed');
  const form = buildForm({
    id: 'request',
    fields: [
      {
        name: 'indicatorKey',
        type: 'select',
        label: t('requestField.indicatorKey'),
        required: true,
        choices: catalogue.items.map((item) => ({ value: item.key, label: localized(item.name) })),
      },
      {
        name: 'providerId',
        type: 'select',
        label: t('requestField.providerId'),
        hint: providers.length === 0 ? t('requestField.providerId.none') : undefined,
        required: true,
        choices: providers.map((member) => ({ value: member.id, label: member.name })),
      },
      { name: 'dueDate', type: 'date', label: t('requestField.dueDate'), required: true },
      { name: 'periods', type: 'text', label: t('requestField.periods'), hint: t('requestField.periods.hint'), required: true },
      { name: 'note', type: 'textarea', label: t('requestField.note') },
      {
        name: 'mandateId',
        type: 'select',
        label: t('requestField.mandateId'),
        choices: open.map((/** @type {{id: string, title: string}} */ mandate) => ({ value: mandate.id, label: mandate.title })),
      },
    ],
    submitLabel: t('requests.createSubmit'),
    async onSubmit(values, idempotencyKey) {
      const periods = String(values.periods ?? '')
        .split(/[,;\s]+/)
        .map((period) => period.trim())
        .filter(Boolean);
      let created;
      try {
        created = await monitoring.createDataRequest(regionId, { ...values, periods }, idempotencyKey);
      } catch (error) {
        throw localizedFormError(error);
      }
      form.reset();
      await reload();
      ctx.announce(t('requests.created', { indicator: requestIndicatorName(created), provider: created.provider?.name ?? '' }));
    },
  });
  return section('create-request', t('requests.create'), form);
}
