import { z } from 'zod';

export const COMMENT_MAX_LENGTH = 5000;
export const MENTIONS_MAX = 20;

const userIds = z
  .array(z.string({ error: 'must be a user id' }).trim().min(1, { error: 'must not be empty' }).max(100))
  .max(MENTIONS_MAX)
  .superRefine((ids, ctx) => {
    ids.forEach((id, i) => {
      if (ids.indexOf(id) < i) ctx.addIssue({ code: 'custom', path: [i], message: 'is mentioned twice', params: { code: 'duplicate' } });
    });
  });

/** POST …/comments: the text, and the ids of the region members it mentions. */
export const createCommentSchema = z.strictObject({
  text: z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).max(COMMENT_MAX_LENGTH),
  mentions: userIds.optional(),
});

export const commentListQuerySchema = z.object({
  page: z.coerce.number({ error: 'must be a whole number ≥ 1' }).int().min(1).default(1),
  pageSize: z.coerce.number({ error: 'must be a whole number from 1 to 100' }).int().min(1).max(100).default(50),
});
