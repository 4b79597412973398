import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { buildForm } from '../forms.js';
import { t } from '../i18n/index.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */

/**
 * Where to go after signing in: the page that asked for a session, if it is
 * one of the app's own pages other than this one.
 *
 * @param {URLSearchParams} query
 */
function nextPage(query) {
  const next = query.get('next') ?? '';
  return next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/regions';
}

/** The sign-in page. */
export function loginView(/** @type {ViewContext} */ ctx) {
  if (ctx.session.user) return ctx.redirect(nextPage(ctx.query));

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
        // Too many wrong passwords: the account is locked for a while (Retry-After).
        if (error instanceof ApiError && error.status === 429) {
          const minutes = Math.max(1, Math.ceil(Number(error.problem?.retryAfterSeconds ?? 900) / 60));
          throw new ApiError(429, { detail: t('login.locked', { minutes }) });
        }
        throw error;
      }
      ctx.navigate(nextPage(ctx.query));
    },
  });
  return h('div', { class: 'narrow' }, h('h1', { tabindex: '-1' }, t('login.title')), form);
}
