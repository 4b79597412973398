import { canCreateMandate } from '../../domain/policies/mandate-policy';
import type { RegionRecord, UserRecord } from '../../store/users';

export function presentUser(user: UserRecord, regions: RegionRecord[]) {
  const nameOf = (regionId: string) => regions.find((r) => r.id === regionId)?.name ?? regionId;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    memberships: user.memberships.map((m) => ({ regionId: m.regionId, regionName: nameOf(m.regionId), roles: [...m.roles] })),
  };
}

export function presentRegion(region: RegionRecord, user: UserRecord) {
  const roles = user.memberships.find((m) => m.regionId === region.id)?.roles ?? [];
  return { id: region.id, name: region.name, roles: [...roles], canCreate: canCreateMandate({ roles }) };
}
