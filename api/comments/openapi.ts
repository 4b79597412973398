import { z } from 'zod';
import { TARGET_KINDS } from '../../store/targets';
import { commentListQuerySchema, createCommentSchema } from './schemas';
import { pathParam, problem } from '../openapi-parts';

/** OpenAPI paths of the comments on tasks and mandates. */
export function commentPaths() {
  const listParams = Object.entries(z.toJSONSchema(commentListQuerySchema, { io: 'input' }).properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema,
  }));
  const common = {
    401: problem('Not logged in'),
    403: problem('Not a member of the region (or, with a session cookie, no X-CSRF-Token on a write)'),
    404: problem('Unknown target (also one of another region)'),
  };
  return Object.fromEntries(
    TARGET_KINDS.map((kind) => [
      `/api/regions/{regionId}/${kind}s/{targetId}/comments`,
      {
        get: {
          operationId: `list-${kind}-comments`,
          summary: `The ${kind}'s comments, oldest first`,
          parameters: [pathParam('regionId'), pathParam('targetId'), ...listParams],
          responses: {
            200: { description: '{items: [{id, author{id,name}, text, mentions[{id,name}], createdAt}], total, page, pageSize}' },
            ...common,
            422: problem('Bad page or pageSize'),
          },
        },
        post: {
          operationId: `add-${kind}-comment`,
          summary: `Comment on the ${kind}; each mentioned member gets a 'mention' notification`,
          parameters: [pathParam('regionId'), pathParam('targetId')],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: z.toJSONSchema(createCommentSchema, { io: 'input', unrepresentable: 'any' }) } },
          },
          responses: {
            201: { description: 'The comment: {id, author, text, mentions, createdAt}' },
            ...common,
            422: problem('Empty or too long text; mentions that are not members of the region, or named twice (field mentions.<i>)'),
          },
        },
      },
    ]),
  );
}
