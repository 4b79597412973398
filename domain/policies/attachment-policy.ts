import { ForbiddenError } from '../errors';
import { effectiveRoles, type Actor } from '../roles';

/**
 * Who may do what with comments and attachments. Reading, commenting and
 * uploading is for every member of the region (the caller of these functions
 * has already been checked as one); deleting an attachment is for the person
 * who uploaded it and the office lead.
 */
export function canDeleteAttachment(actor: Pick<Actor, 'id' | 'roles'>, attachment: { uploadedBy: { id: string } }): boolean {
  return attachment.uploadedBy.id === actor.id || effectiveRoles(actor.roles).has('office_lead');
}

export function assertCanDeleteAttachment(actor: Pick<Actor, 'id' | 'roles'>, attachment: { uploadedBy: { id: string } }): void {
  if (!canDeleteAttachment(actor, attachment)) throw new ForbiddenError('Only the person who uploaded an attachment or the office lead may delete it.');
}
