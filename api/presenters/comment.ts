import type { CommentRecord } from '../../store/comments';

export function presentComment(comment: CommentRecord) {
  return {
    id: comment.id,
    author: { id: comment.author.id, name: comment.author.name },
    text: comment.text,
    mentions: comment.mentions.map((person) => ({ id: person.id, name: person.name })),
    createdAt: comment.createdAt,
  };
}
