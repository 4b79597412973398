import { ApiError } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';
import { office } from '../office-api.js';
import { hidden, problemText, withQuery } from '../task-labels.js';

/** @typedef {{id: string, name: string, query: import('../office-api.js').InboxQuery}} SavedFilter */

/** The inbox query without empty values, as it is saved. @param {Record<string, string>} query */
function savedQuery(query) {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
}

/**
 * The user's saved filters as links that apply them, each with a delete
 * button, and a form that saves the filter now in use under a name.
 *
 * @param {{regionId: string, hash: string, query: Record<string, string>, items: SavedFilter[], announce: (message: string) => void}} options
 */
export function savedFiltersSection({ regionId, hash, query, items, announce }) {
  const list = h('div', {});
  const problem = h('p', { class: 'bulk-problem', role: 'alert' });

  /** @param {SavedFilter[]} filters */
  function drawList(filters) {
    list.replaceChildren(
      filters.length === 0
        ? h('p', { class: 'meta' }, t('inbox.saved.empty'))
        : h(
            'ul',
            { class: 'saved-filters' },
            filters.map((filter) => {
              const href = withQuery(hash, /** @type {Record<string, string>} */ (filter.query));
              const remove = h(
                'button',
                { type: 'button', id: `delete-filter-${filter.id}`, class: 'button small secondary' },
                t('inbox.saved.delete'),
                hidden(` ${t('common.quoted', { text: filter.name })}`),
              );
              remove.addEventListener('click', () => void removeFilter(filter));
              return h('li', {}, h('a', { href, 'aria-current': href === location.hash ? 'page' : null }, filter.name), ' ', remove);
            }),
          ),
    );
  }

  async function reloadList() {
    drawList((await office.savedFilters(regionId)).items);
  }

  /** @param {SavedFilter} filter */
  async function removeFilter(filter) {
    problem.textContent = '';
    try {
      await office.deleteFilter(regionId, filter.id);
      await reloadList();
      announce(t('inbox.saved.deleted', { name: filter.name }));
      document.getElementById('save-filter-name')?.focus();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      problem.textContent = problemText(error.problem, error.status);
    }
  }

  const form = buildForm({
    id: 'save-filter',
    fields: [{ name: 'name', type: 'text', label: t('inbox.saved.name'), required: true }],
    submitLabel: t('inbox.saved.save'),
    submitClass: 'button secondary',
    async onSubmit(values) {
      const name = String(values.name ?? '');
      await office.saveFilter(regionId, { name, query: /** @type {import('../office-api.js').InboxQuery} */ (savedQuery(query)) });
      form.reset();
      await reloadList();
      announce(t('inbox.saved.done', { name }));
    },
  });
  form.classList.add('inline-form');

  drawList(items);
  return section('saved-filters', t('inbox.saved'), problem, list, form);
}
