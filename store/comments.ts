import { randomBytes } from 'node:crypto';
import { ValidationError, type FieldError } from '../domain/errors';
import type { PersonRef } from '../domain/roles';
import type { Models } from './models';
import { createNotifications } from './notifications';
import type { Target, TargetKind, TargetRef } from './targets';

export interface CommentRecord {
  id: string;
  regionId: string;
  target: TargetRef;
  author: PersonRef;
  text: string;
  mentions: PersonRef[];
  createdAt: string;
}

export interface NewComment {
  target: Target;
  author: PersonRef;
  text: string;
  /** User ids, unique; each must be a member of the target's region. */
  mentionIds: string[];
}

const EXCERPT_LENGTH = 140;

const excerpt = (text: string) => (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : text);

const toPerson = (value: unknown): PersonRef => {
  const person = value as PersonRef;
  return { id: person.id, name: person.name };
};

function toComment(doc: {
  _id: string;
  regionId: string;
  target?: { kind?: string | null; id?: string | null } | null;
  author: unknown;
  text: string;
  mentions: unknown[];
  createdAt: string;
}): CommentRecord {
  return {
    id: doc._id,
    regionId: doc.regionId,
    target: { kind: doc.target?.kind as TargetKind, id: doc.target?.id as string },
    author: toPerson(doc.author),
    text: doc.text,
    mentions: doc.mentions.map(toPerson),
    createdAt: doc.createdAt,
  };
}

/** The mentioned users as PersonRefs, in the given order; 422 naming `mentions.<i>` for anyone who is not a member of the region. */
async function resolveMentions(models: Models, regionId: string, ids: string[]): Promise<PersonRef[]> {
  if (ids.length === 0) return [];
  const users = await models.User.find({ _id: { $in: ids } }, { name: 1, memberships: 1 }).lean();
  const members = new Map(users.filter((u) => u.memberships.some((m) => m.regionId === regionId && m.roles.length > 0)).map((u) => [u._id, u.name]));
  const errors: FieldError[] = ids.flatMap((id, i) =>
    members.has(id) ? [] : [{ field: `mentions.${i}`, code: 'not_a_member', message: `'${id}' is not a member of the region`, params: { userId: id } }],
  );
  if (errors.length > 0) throw new ValidationError(errors);
  return ids.map((id) => ({ id, name: members.get(id)! }));
}

/**
 * Adds a comment and notifies everyone it mentions (except its author).
 * The notification ids derive from the comment id, so they are never doubled.
 */
export async function addComment(models: Models, input: NewComment, now = new Date()): Promise<CommentRecord> {
  const { target, author } = input;
  const mentions = await resolveMentions(models, target.regionId, input.mentionIds);
  const comment: CommentRecord = {
    id: `c${randomBytes(10).toString('hex')}`,
    regionId: target.regionId,
    target: { kind: target.kind, id: target.id },
    author: { id: author.id, name: author.name },
    text: input.text,
    mentions,
    createdAt: now.toISOString(),
  };
  const { id, ...fields } = comment;
  await models.Comment.create({ _id: id, ...fields });
  await createNotifications(
    models,
    mentions
      .filter((person) => person.id !== author.id)
      .map((person) => ({
        id: `mention:${comment.id}:${person.id}`,
        userId: person.id,
        regionId: target.regionId,
        kind: 'mention' as const,
        params: {
          actorName: author.name,
          commentExcerpt: excerpt(comment.text),
          taskTitle: target.kind === 'task' ? target.title : null,
          mandateTitle: target.mandateTitle,
        },
        taskId: target.taskId,
        mandateId: target.mandateId,
      })),
    now,
  );
  return comment;
}

export interface CommentListQuery {
  page: number;
  pageSize: number;
}

/** A target's comments, oldest first, one page at a time. */
export async function listComments(models: Models, target: TargetRef, query: CommentListQuery): Promise<{ items: CommentRecord[]; total: number }> {
  const filter = { 'target.id': target.id, 'target.kind': target.kind };
  const [docs, total] = await Promise.all([
    models.Comment.find(filter)
      .sort({ createdAt: 1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    models.Comment.countDocuments(filter),
  ]);
  return { items: docs.map(toComment), total };
}

/** Number of comments per target id, for lists that show a count (targets without comments are absent). */
export async function countComments(models: Models, kind: TargetKind, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await models.Comment.aggregate<{ _id: string; count: number }>([
    { $match: { 'target.kind': kind, 'target.id': { $in: ids } } },
    { $group: { _id: '$target.id', count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((row) => [row._id, row.count]));
}
