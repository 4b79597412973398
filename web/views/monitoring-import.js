import { ApiError, NetworkError } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm, describeFieldError } from '../forms.js';
import { t, tCount } from '../i18n/index.js';
import { monitoring } from '../monitoring-api.js';
import {
  catalogueHash,
  importHash,
  indicatorHash,
  localized,
  localizedFormError,
  monitoringProblem,
  regionHash,
  requestHash,
  requestIndicatorName,
} from '../monitoring-labels.js';
import { formatSize, rolesIn } from '../task-labels.js';
import { issuesSection, mappingSection, previewFacts, rowsSection, sampleSection, subsection, withMapping } from './monitoring-import-preview.js';

/** @typedef {import('../app.js').ViewContext} ViewContext */
/** @typedef {import('../monitoring-api.js').ImportPreview} ImportPreview */
/** @typedef {import('../monitoring-api.js').DataRequest} DataRequest */
/** @typedef {{key: string, name: string, unit: string, decimals: number, source: string, breakdowns: string[]}} IndicatorChoice */

const ACCEPT = '.csv,.xlsx';

/**
 * Importing a CSV or XLSX file: the upload with a progress bar, then the
 * preview — how the file was read, the mapping of its columns (editable), its
 * first rows, the values found and every problem — and the commit, possible
 * only once there are no problems. With `?taskId=` a data provider answers
 * their request with the file. The preview has an address of its own
 * (`#/regions/:r/imports/:importId`), so a reload shows it again.
 */
export async function monitoringImportView(/** @type {ViewContext} */ ctx) {
  const { regionId, importId } = ctx.params;
  let preview = importId ? await monitoring.importPreview(regionId, importId, ctx.signal) : null;
  const taskId = preview?.taskId ?? ctx.query.get('taskId') ?? null;
  const roles = rolesIn(ctx.session, regionId);
  const [request, catalogue] = await Promise.all([
    taskId ? monitoring.dataRequest(regionId, taskId, ctx.signal) : null,
    // A data provider sees only their request's indicator.
    roles.some((role) => role !== 'data_provider') ? monitoring.indicators(regionId, ctx.signal).catch(() => null) : null,
  ]);
  /** @type {IndicatorChoice[]} */
  const indicators = catalogue
    ? catalogue.items.map((item) => ({ ...item, name: localized(item.name) }))
    : request?.indicator
      ? [{ decimals: 2, source: '', ...request.indicator, name: requestIndicatorName(request) }]
      : [];

  const previewHolder = h('div', {});
  const fileInput = h('input', { type: 'file', id: 'import-file', name: 'file', accept: ACCEPT, 'aria-describedby': 'import-file-hint' });
  const fileError = h('p', { id: 'import-file-error', class: 'field-error', hidden: true });
  const progress = h('progress', { id: 'import-progress', max: '100', value: '0' });
  const progressText = h('span', { id: 'import-progress-text', class: 'progress-text' }, '0 %');
  const progressLabel = h('label', { for: 'import-progress' }, t('import.progress'));
  const progressBox = h('div', { class: 'upload-progress', hidden: true }, progressLabel, h('div', { class: 'progress-row' }, progress, progressText));

  /** Shows the message at the file field and ties it to the control. @param {string} message */
  function setFileError(message) {
    fileError.textContent = message;
    fileError.hidden = !message;
    if (message) {
      fileInput.setAttribute('aria-invalid', 'true');
      fileInput.setAttribute('aria-describedby', 'import-file-hint import-file-error');
      fileInput.focus();
    } else {
      fileInput.removeAttribute('aria-invalid');
      fileInput.setAttribute('aria-describedby', 'import-file-hint');
    }
  }

  /** @param {number} share */
  function showProgress(share) {
    const percent = Math.round(share * 100);
    progress.value = percent;
    progressText.textContent = percent >= 100 ? t('import.checking') : `${percent} %`;
  }

  const uploadForm = h(
    'form',
    { id: 'import-upload', class: 'upload no-print', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'import-file' }, t('import.file')),
      h('p', { id: 'import-file-hint', class: 'hint' }, t('import.file.hint')),
      fileError,
      fileInput,
    ),
    progressBox,
    h('button', { type: 'submit', id: 'import-submit', class: 'button' }, t('import.upload')),
  );
  uploadForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (uploadForm.getAttribute('aria-busy') === 'true') return;
    setFileError('');
    const file = fileInput.files?.[0];
    if (!file) return void setFileError(t('import.noFile'));
    if (!/\.(csv|xlsx)$/i.test(file.name)) return void setFileError(t('import.badType', { name: file.name }));
    uploadForm.setAttribute('aria-busy', 'true');
    progressLabel.textContent = t('import.progressFile', { name: file.name });
    progressBox.hidden = false;
    showProgress(0);
    ctx.announce(t('import.uploading', { name: file.name }));
    try {
      preview = await monitoring.uploadImport(regionId, file, { taskId, onProgress: showProgress, signal: ctx.signal });
    } catch (error) {
      if (ctx.signal.aborted) return;
      if (error instanceof ApiError) setFileError(uploadProblem(error, file.name));
      else if (error instanceof NetworkError) setFileError(t('error.network'));
      else throw error;
      return;
    } finally {
      uploadForm.removeAttribute('aria-busy');
      progressBox.hidden = true;
    }
    // The preview gets its address without a new page: a reload shows it again.
    history.replaceState(null, '', `${regionHash(regionId)}/imports/${encodeURIComponent(preview.id)}`);
    drawPreview(preview);
    ctx.announce(previewSummary(preview));
    /** @type {HTMLElement | null} */ (previewHolder.querySelector('#import-preview-heading'))?.focus();
  });

  /** @param {ImportPreview} shown */
  function drawPreview(shown) {
    const current = withMapping(shown);
    if (current.status === 'committed') return void previewHolder.replaceChildren(h('p', { class: 'notice' }, t('import.alreadyCommitted')));
    if (current.status === 'discarded') return void previewHolder.replaceChildren();
    previewHolder.replaceChildren(
      h(
        'section',
        { id: 'import-preview', 'aria-labelledby': 'import-preview-heading' },
        h('h2', { id: 'import-preview-heading', tabindex: '-1' }, t('import.preview', { name: current.fileName })),
        previewFacts(current),
        mappingSection({ preview: current, indicators, locked: Boolean(request), save: saveMapping }),
        rowsSection(current),
        sampleSection(current, indicators),
        issuesSection(current),
        commitSection(current),
      ),
    );
  }

  /** @param {Parameters<typeof monitoring.saveMapping>[2]} body */
  async function saveMapping(body) {
    if (!preview) return;
    preview = await monitoring.saveMapping(regionId, preview.id, body);
    drawPreview(preview);
    ctx.announce(`${t('import.mappingSaved')} ${previewSummary(preview)}`);
    /** @type {HTMLElement | null} */ (previewHolder.querySelector('#mapping-heading'))?.focus();
  }

  /** The commit form, its button disabled while the file has problems, and the discard button. @param {ImportPreview} current */
  function commitSection(current) {
    const indicator = indicators.find((candidate) => candidate.key === current.mapping.indicatorKey);
    const form = buildForm({
      id: 'commit',
      fields: [
        { name: 'source', type: 'text', label: t('import.source'), required: true, value: indicator?.source || undefined },
        // An answer to a request keeps only its source; the office adds the rest when it reviews the answer.
        ...(current.taskId
          ? []
          : /** @type {import('../forms.js').FieldSpec[]} */ ([
              { name: 'referenceDate', type: 'date', label: t('import.referenceDate') },
              { name: 'territorialStatus', type: 'date', label: t('import.territorialStatus'), hint: t('valueField.territorialStatus.hint') },
            ])),
      ],
      submitLabel: current.taskId ? t('import.sendAnswer') : tCount('import.commit', current.valueCount, { count: current.valueCount }),
      async onSubmit(values) {
        let result;
        try {
          result = await monitoring.commitImport(regionId, current.id, /** @type {{source: string}} */ (values));
        } catch (error) {
          if (error instanceof ApiError && error.status === 422 && Array.isArray(/** @type {any} */ (error.problem).issues)) {
            preview = { ...current, issues: /** @type {any} */ (error.problem).issues, canCommit: false };
            drawPreview(preview);
            ctx.announce(previewSummary(preview));
            /** @type {HTMLElement | null} */ (previewHolder.querySelector('#issues-heading'))?.focus();
            return;
          }
          throw localizedFormError(error);
        }
        showCommitted(current, result);
      },
    });
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector('button[type="submit"]'));
    submit.id = 'commit-submit';
    if (!current.canCommit) {
      submit.disabled = true;
      submit.setAttribute('aria-describedby', 'commit-blocked');
    }
    const discard = h('button', { type: 'button', id: 'import-discard', class: 'button secondary' }, t('import.discard'));
    const problem = h('p', { class: 'field-error', role: 'alert' });
    discard.addEventListener('click', async () => {
      problem.textContent = '';
      try {
        await monitoring.discardImport(regionId, current.id);
      } catch (error) {
        if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
        problem.textContent = error instanceof ApiError ? monitoringProblem(error.problem, error.status) : t('error.network');
        return;
      }
      preview = null;
      previewHolder.replaceChildren();
      uploadForm.reset();
      history.replaceState(null, '', importHash(regionId, taskId ?? undefined));
      ctx.announce(t('import.discarded', { name: current.fileName }));
      fileInput.focus();
    });
    return subsection(
      'commit-section',
      t('import.commitTitle'),
      current.canCommit ? null : h('p', { id: 'commit-blocked', class: 'hint' }, t('import.commitBlocked')),
      form,
      h('p', {}, discard),
      problem,
    );
  }

  /**
   * After the commit: how many values were stored, or — for a data request —
   * that the file went to the office as the answer.
   *
   * @param {ImportPreview} current @param {Awaited<ReturnType<typeof monitoring.commitImport>>} result
   */
  function showCommitted(current, result) {
    const written = result.written ?? current.valueCount;
    const message = result.request
      ? t('import.answered', { name: current.fileName })
      : tCount('import.written', written, { count: written, name: current.fileName });
    const key = current.mapping.indicatorKey;
    const indicator = indicators.find((candidate) => candidate.key === key);
    preview = null;
    history.replaceState(null, '', importHash(regionId, taskId ?? undefined));
    uploadForm.reset();
    previewHolder.replaceChildren(
      h(
        'section',
        { id: 'import-done', 'aria-labelledby': 'import-done-heading', class: 'card' },
        h('h2', { id: 'import-done-heading', tabindex: '-1' }, t('import.done')),
        h('p', {}, message),
        h(
          'ul',
          { class: 'link-list' },
          taskId ? h('li', {}, h('a', { href: requestHash(regionId, taskId) }, t('import.toRequest'))) : null,
          key && catalogue ? h('li', {}, h('a', { href: indicatorHash(regionId, key) }, t('import.toIndicator', { name: indicator?.name ?? key }))) : null,
        ),
      ),
    );
    ctx.announce(message);
    /** @type {HTMLElement | null} */ (previewHolder.querySelector('#import-done-heading'))?.focus();
  }

  if (preview) drawPreview(preview);
  return h(
    'div',
    { class: 'monitoring import' },
    h(
      'p',
      { class: 'back no-print' },
      taskId ? h('a', { href: requestHash(regionId, taskId) }, t('import.backToRequest')) : h('a', { href: catalogueHash(regionId) }, t('indicator.back')),
    ),
    h('h1', { tabindex: '-1' }, t('import.title')),
    request
      ? h('p', { class: 'lead' }, t('import.forRequest', { indicator: requestIndicatorName(request), periods: request.periods.join(', ') }))
      : h('p', { class: 'lead' }, t('import.intro')),
    section('upload', t('import.uploadTitle'), uploadForm),
    previewHolder,
  );
}

/** "12 Werte gelesen, 2 Probleme." @param {ImportPreview} preview */
function previewSummary(preview) {
  return `${tCount('import.valueCount', preview.valueCount, { count: preview.valueCount })} ${tCount('import.issueCount', preview.issues.length, { count: preview.issues.length })}`;
}

/**
 * Why the upload was refused, in the user's language: too large (413), not
 * a CSV or XLSX (415), or a problem with the request (422: field errors).
 *
 * @param {ApiError} error @param {string} name
 */
function uploadProblem(error, name) {
  const errors = error.problem.errors ?? [];
  if (error.status === 413) {
    const limit = Number(errors.find((fieldError) => fieldError.params?.maximum)?.params?.maximum);
    return Number.isFinite(limit) && limit > 0 ? t('import.tooLarge', { name, limit: formatSize(limit) }) : t('import.tooLargeNoLimit', { name });
  }
  if (error.status === 415) return t('import.badType', { name });
  if (error.status === 422 && errors.length > 0)
    return [t('import.invalid', { name }), ...errors.map((fieldError) => describeFieldError(fieldError, undefined, undefined).text)].join(' ');
  return monitoringProblem(error.problem, error.status);
}
