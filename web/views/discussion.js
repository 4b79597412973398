import { ApiError, NetworkError } from '../api.js';
import { h, section } from '../dom.js';
import { buildForm, describeFieldError } from '../forms.js';
import { timeElement } from '../format.js';
import { t } from '../i18n/index.js';
import { office } from '../office-api.js';
import { formatSize, hidden, problemText, rolesIn } from '../task-labels.js';

/** @typedef {import('../office-api.js').Subject} Subject */
/** @typedef {import('../office-api.js').Comment} Comment */
/** @typedef {import('../office-api.js').Attachment} Attachment */

/**
 * Comments (with @mentions) and attachments of a task or a mandate. The
 * section loads its own data, so the page around it shows without waiting,
 * and keeps itself up to date after each change.
 *
 * @param {{regionId: string, subject: Subject, id: string, session: {user: any}, announce: (message: string) => void, signal: AbortSignal}} options
 */
export function discussionSection({ regionId, subject, id, session, announce, signal }) {
  const userId = session.user?.id ?? '';
  const isLead = rolesIn(session, regionId).includes('office_lead');
  const comments = h('div', { 'aria-busy': 'true' }, h('p', { class: 'meta' }, t('common.loading')));
  const commentForm = h('div', {});
  const attachments = h('div', { 'aria-busy': 'true' }, h('p', { class: 'meta' }, t('common.loading')));
  const fileInput = h('input', { type: 'file', id: 'attachment-file', name: 'file' });
  // Read out when the focus returns to the file field, which it describes.
  const uploadError = h('p', { id: 'attachment-file-error', class: 'field-error', hidden: true });

  async function loadComments() {
    const { items } = await office.comments(regionId, subject, id, signal);
    comments.replaceChildren(commentList(items));
    comments.removeAttribute('aria-busy');
  }

  async function loadAttachments() {
    const { items } = await office.attachments(regionId, subject, id, signal);
    attachments.replaceChildren(attachmentList(items, userId, isLead, remove));
    attachments.removeAttribute('aria-busy');
  }

  /** @param {HTMLElement} holder @param {unknown} error */
  function failed(holder, error) {
    if (signal.aborted) return;
    holder.removeAttribute('aria-busy');
    holder.replaceChildren(h('p', { class: 'field-error' }, error instanceof ApiError ? problemText(error.problem, error.status) : t('error.network')));
  }

  /** @param {Attachment} attachment */
  async function remove(attachment) {
    try {
      await office.deleteAttachment(regionId, attachment.id);
      await loadAttachments();
      announce(t('attachments.deleted', { name: attachment.fileName }));
      fileInput.focus();
    } catch (error) {
      if (!(error instanceof ApiError || error instanceof NetworkError)) throw error;
      setUploadError(error instanceof ApiError ? problemText(error.problem, error.status) : t('error.network'));
    }
  }

  const uploadForm = h(
    'form',
    { id: 'attachment-upload', novalidate: true, class: 'upload' },
    h('div', { class: 'field' }, h('label', { for: 'attachment-file' }, t('attachments.file')), uploadError, fileInput),
    h('button', { type: 'submit', class: 'button secondary' }, t('attachments.upload')),
  );
  uploadForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (uploadForm.getAttribute('aria-busy') === 'true') return;
    setUploadError('');
    const file = fileInput.files?.[0];
    if (!file) return void setUploadError(t('attachments.noFile'));
    uploadForm.setAttribute('aria-busy', 'true');
    try {
      await office.upload(regionId, subject, id, file);
      uploadForm.reset();
      await loadAttachments();
      announce(t('attachments.uploaded', { name: file.name }));
    } catch (error) {
      if (error instanceof ApiError) setUploadError(uploadProblem(error, file.name));
      else if (error instanceof NetworkError) setUploadError(t('error.network'));
      else throw error;
    } finally {
      uploadForm.removeAttribute('aria-busy');
    }
  });

  /** Shows the message at the file field and ties it to the control. @param {string} message */
  function setUploadError(message) {
    uploadError.textContent = message;
    uploadError.hidden = !message;
    if (message) {
      fileInput.setAttribute('aria-invalid', 'true');
      fileInput.setAttribute('aria-describedby', uploadError.id);
      fileInput.focus();
    } else {
      fileInput.removeAttribute('aria-invalid');
      fileInput.removeAttribute('aria-describedby');
    }
  }

  void loadComments().catch((error) => failed(comments, error));
  void loadAttachments().catch((error) => failed(attachments, error));
  // Everyone in the region may be mentioned; the author need not mention themselves.
  void office
    .members(regionId, undefined, signal)
    .then(({ items }) => {
      const form = buildForm({
        id: 'comment',
        fields: [
          { name: 'text', type: 'textarea', label: t('comments.text'), required: true },
          {
            name: 'mentions',
            type: 'checkboxes',
            label: t('comments.mentions'),
            hint: t('comments.mentions.hint'),
            choices: items.filter((member) => member.id !== userId).map((member) => ({ value: member.id, label: member.name })),
          },
        ],
        submitLabel: t('comments.submit'),
        submitClass: 'button secondary',
        async onSubmit(values, idempotencyKey) {
          try {
            await office.addComment(regionId, subject, id, /** @type {{text: string, mentions?: string[]}} */ (values), idempotencyKey);
          } catch (error) {
            throw error instanceof ApiError ? new ApiError(error.status, { ...error.problem, detail: problemText(error.problem, error.status) }) : error;
          }
          form.reset();
          await loadComments();
          announce(t('comments.added'));
        },
      });
      commentForm.replaceChildren(form);
    })
    .catch((error) => failed(commentForm, error));

  return h(
    'div',
    { class: 'discussion' },
    section('comments', t('comments.title'), comments, commentForm),
    section('attachments', t('attachments.title'), attachments, uploadForm),
  );
}

/** @param {Comment[]} items */
function commentList(items) {
  if (items.length === 0) return h('p', {}, t('comments.empty'));
  return h(
    'ol',
    { class: 'entries comments' },
    items.map((comment) =>
      h(
        'li',
        {},
        h('p', { class: 'meta' }, `${comment.author.name}, `, timeElement(comment.createdAt)),
        h('p', { class: 'prewrap' }, comment.text),
        comment.mentions.length > 0
          ? h('p', { class: 'meta' }, t('comments.mentioned', { names: comment.mentions.map((person) => person.name).join(', ') }))
          : null,
      ),
    ),
  );
}

/**
 * Each file as a download link with its size and uploader; a delete button
 * where the API allows it (the uploader and the office lead).
 *
 * @param {Attachment[]} items @param {string} userId @param {boolean} isLead @param {(attachment: Attachment) => Promise<void>} remove
 */
function attachmentList(items, userId, isLead, remove) {
  if (items.length === 0) return h('p', {}, t('attachments.empty'));
  return h(
    'ul',
    { class: 'attachments' },
    items.map((attachment) => {
      const mayDelete = attachment.allowedActions ? attachment.allowedActions.includes('delete') : attachment.uploadedBy.id === userId || isLead;
      const button = mayDelete
        ? h(
            'button',
            { type: 'button', id: `delete-attachment-${attachment.id}`, class: 'button small secondary' },
            t('attachments.delete'),
            hidden(` ${t('common.quoted', { text: attachment.fileName })}`),
          )
        : null;
      button?.addEventListener('click', () => void remove(attachment));
      return h(
        'li',
        {},
        h('a', { href: attachment.href }, attachment.fileName),
        ' ',
        h(
          'span',
          { class: 'meta' },
          t('attachments.meta', { size: formatSize(attachment.size), name: attachment.uploadedBy.name }),
          ' ',
          timeElement(attachment.uploadedAt),
        ),
        button ? [' ', button] : null,
      );
    }),
  );
}

/**
 * What went wrong with an upload, in the user's language: too large (413),
 * a type that is not allowed or content that does not match it (415), or a
 * field error (422, e.g. an empty file).
 *
 * @param {ApiError} error @param {string} name
 */
function uploadProblem(error, name) {
  const problem = /** @type {Record<string, any>} */ (error.problem);
  /** @type {import('../forms.js').FieldError[]} */
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  if (error.status === 413) {
    const limit = Number(errors.find((fieldError) => fieldError.params?.maximum)?.params?.maximum);
    return Number.isFinite(limit) && limit > 0 ? t('attachments.tooLarge', { name, limit: formatSize(limit) }) : t('attachments.tooLargeNoLimit', { name });
  }
  if (error.status === 415) {
    if (problem.code === 'content_type_mismatch' || errors.some((fieldError) => fieldError.code === 'content_type_mismatch'))
      return t('attachments.mismatch', { name });
    const allowed = errors.find((fieldError) => fieldError.params?.allowed)?.params?.allowed;
    return [t('attachments.badType', { name }), allowed ? t('attachments.allowed', { types: kindNames(String(allowed)) }) : null].filter(Boolean).join(' ');
  }
  if (error.status === 422) {
    if (errors.some((fieldError) => fieldError.field === 'body' && fieldError.code === 'empty')) return t('attachments.emptyFile', { name });
    if (errors.some((fieldError) => fieldError.field.toLowerCase() === 'x-file-name')) return t('attachments.badName', { name });
    return [t('attachments.invalid', { name }), ...errors.map((fieldError) => describeFieldError(fieldError, undefined, undefined).text)].join(' ');
  }
  return problemText(error.problem, error.status);
}

/** Short names for the media types the API allows, as people know them from file names. */
const KIND_NAMES = /** @type {Record<string, string>} */ ({
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'text/plain': 'TXT',
  'text/csv': 'CSV',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (DOCX)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (XLSX)',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
});

/** "application/pdf, image/png" → "PDF, PNG"; a type without a short name is shown as sent. @param {string} allowed */
function kindNames(allowed) {
  return allowed
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean)
    .map((type) => KIND_NAMES[type] ?? type)
    .join(', ');
}
