import { api } from '../api.js';
import { h } from '../dom.js';
import { has, t } from '../i18n/index.js';
import { isOnlyDataProvider } from '../monitoring-labels.js';
import { isOnlyBoard } from './board-shared.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {{id: string, name: string, roles: string[], canCreate: boolean}} Region */

/**
 * The caller's regions; with only one there is nothing to choose, so it opens
 * that region's start page — mandates, a data provider's requests, or a
 * board member's votes.
 */
export async function regionsView(/** @type {ViewContext} */ ctx) {
  const { items } = /** @type {{items: Region[]}} */ (await api.regions(ctx.signal));
  if (items.length === 1 && items[0]) return ctx.redirect(startPage(items[0]));

  return h(
    'div',
    {},
    h('h1', { tabindex: '-1' }, t('regions.title')),
    items.length === 0
      ? h('p', {}, t('regions.empty'))
      : h(
          'ul',
          { class: 'region-list' },
          items.map((region) =>
            h('li', {}, h('a', { href: startPage(region) }, region.name), h('p', { class: 'meta' }, t('regions.roles', { roles: roleLabels(region.roles) }))),
          ),
        ),
  );
}

/**
 * Where a region's pages start for the caller: a data provider's requests, a
 * board member's votes, everyone else's mandates.
 *
 * @param {Region} region
 */
function startPage(region) {
  const page = isOnlyDataProvider(region.roles) ? 'data-requests' : isOnlyBoard(region.roles) ? 'board' : 'mandates';
  return `#/regions/${encodeURIComponent(region.id)}/${page}`;
}

/** Role names in the current language; a role the UI does not know yet is shown as sent. */
export function roleLabels(/** @type {string[]} */ roles) {
  return roles.map((role) => (has(`role.${role}`) ? t(`role.${role}`) : role)).join(', ');
}
