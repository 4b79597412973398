import { canDeleteAttachment } from '../../domain/policies/attachment-policy';
import type { Actor } from '../../domain/roles';
import type { AttachmentRecord } from '../../store/attachments';

export const attachmentHref = (attachment: Pick<AttachmentRecord, 'id' | 'regionId'>) =>
  `/api/regions/${encodeURIComponent(attachment.regionId)}/attachments/${encodeURIComponent(attachment.id)}`;

/** An attachment's metadata; `href` downloads it, `allowedActions` says whether the caller may delete it. */
export function presentAttachment(attachment: AttachmentRecord, actor: Actor) {
  return {
    id: attachment.id,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    size: attachment.size,
    sha256: attachment.sha256,
    uploadedBy: { id: attachment.uploadedBy.id, name: attachment.uploadedBy.name },
    uploadedAt: attachment.uploadedAt,
    confidential: attachment.confidential,
    href: attachmentHref(attachment),
    allowedActions: canDeleteAttachment(actor, attachment) ? ['delete'] : [],
  };
}
