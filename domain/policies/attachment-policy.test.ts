import { ROLES, type Role } from '../roles';
import { AppError } from '../errors';
import { assertCanDeleteAttachment, canDeleteAttachment } from './attachment-policy';

const uploadedByOther = { uploadedBy: { id: 'someone-else' } };

describe('canDeleteAttachment', () => {
  it.each(ROLES.map((role) => [role]))('when a %s did not upload it, then only an office lead may delete it', (role: Role) => {
    expect(canDeleteAttachment({ id: 'me', roles: [role] }, uploadedByOther)).toBe(role === 'office_lead');
  });

  it.each(ROLES.map((role) => [role]))('when a %s uploaded it, then they may delete it', (role: Role) => {
    expect(canDeleteAttachment({ id: 'me', roles: [role] }, { uploadedBy: { id: 'me' } })).toBe(true);
  });

  it('when refused, then assertCanDeleteAttachment throws a 403', () => {
    const statusOf = (roles: Role[]) => {
      try {
        assertCanDeleteAttachment({ id: 'me', roles }, uploadedByOther);
        return 200;
      } catch (error) {
        return error instanceof AppError ? error.status : 500;
      }
    };
    expect(statusOf(['admin', 'office_staff'])).toBe(403);
    expect(statusOf(['board_chair'])).toBe(403);
    expect(statusOf(['office_lead'])).toBe(200);
  });
});
