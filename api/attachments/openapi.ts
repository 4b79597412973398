import { ATTACHMENT_CONTENT_TYPES } from '../../domain/attachments';
import { TARGET_KINDS } from '../../store/targets';
import { pathParam, problem } from '../openapi-parts';

const ATTACHMENT = '{id, fileName, contentType, size, sha256, uploadedBy{id,name}, uploadedAt, href, allowedActions}';

/** OpenAPI paths of the attachments of tasks and mandates. */
export function attachmentPaths() {
  const common = {
    401: problem('Not logged in'),
    403: problem('Not a member of the region (or, with a session cookie, no X-CSRF-Token on a write)'),
  };
  const perTarget = Object.fromEntries(
    TARGET_KINDS.map((kind) => [
      `/api/regions/{regionId}/${kind}s/{targetId}/attachments`,
      {
        get: {
          operationId: `list-${kind}-attachments`,
          summary: `The ${kind}'s attachments, oldest first`,
          parameters: [pathParam('regionId'), pathParam('targetId')],
          responses: { 200: { description: `{items: [${ATTACHMENT}]}` }, ...common, 404: problem('Unknown target (also one of another region)') },
        },
        post: {
          operationId: `upload-${kind}-attachment`,
          summary: `Attach a file to the ${kind}: the raw file as the body, its type as Content-Type`,
          parameters: [
            pathParam('regionId'),
            pathParam('targetId'),
            { name: 'X-File-Name', in: 'header', required: true, description: 'encodeURIComponent(file name), 1–200 characters', schema: { type: 'string' } },
          ],
          requestBody: {
            required: true,
            content: Object.fromEntries(ATTACHMENT_CONTENT_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
          },
          responses: {
            201: { description: `The attachment: ${ATTACHMENT}` },
            ...common,
            404: problem('Unknown target (also one of another region)'),
            413: problem('Larger than ATTACHMENT_MAX_BYTES; nothing stored'),
            415: problem('Content-Type not allowed, or the content is not what it declares; nothing stored'),
            422: problem('Missing or bad X-File-Name, or an empty file; nothing stored'),
          },
        },
      },
    ]),
  );
  return {
    ...perTarget,
    '/api/regions/{regionId}/attachments/{attachmentId}': {
      get: {
        operationId: 'download-attachment',
        summary: 'The file, as a download (Content-Disposition: attachment)',
        parameters: [pathParam('regionId'), pathParam('attachmentId')],
        responses: {
          200: { description: 'The file, with its stored Content-Type' },
          ...common,
          404: problem('Unknown attachment (also one of another region)'),
        },
      },
      delete: {
        operationId: 'delete-attachment',
        summary: 'Delete it: the uploader or the office lead',
        parameters: [pathParam('regionId'), pathParam('attachmentId')],
        responses: { 204: { description: 'Deleted' }, ...common, 404: problem('Unknown attachment (also one of another region)') },
      },
    },
  };
}
