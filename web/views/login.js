import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */

/** The sign-in page; after success it goes to `next` (the page that asked for a session). */
export function loginView(/** @type {ViewContext} */ ctx) {
  if (ctx.session.user) return ctx.redirect(ctx.query.get('next') ?? '#/regions');

  const form = buildForm({
    id: 'login',
    fields: [
      { name: 'email', type: 'email', label: t('login.email'), required: true, autocomplete: 'username' },
      { name: 'password', type: 'password', label: t('login.password'), required: true, autocomplete: 'current-password' },
    ],
    submitLabel: t('login.submit'),
    async onSubmit(values) {
      try {
        ctx.session.user = await api.login(/** @type {{email: string, password: string}} */ (values));
      } catch (error) {
        // Whatever the API's wording, the page names neither field as the wrong one.
        if (error instanceof ApiError && error.status === 401) {
          throw new ApiError(401, { detail: t('login.failed') });
        }
        throw error;
      }
      ctx.navigate(ctx.query.get('next') ?? '#/regions');
    },
  });
  return h('div', { class: 'narrow' }, h('h1', { tabindex: '-1' }, t('login.title')), form);
}
