import { isVotingMember, type PersonRef, type Role } from '../domain/roles';
import type { Models } from './models';

export interface Membership {
  regionId: string;
  roles: Role[];
}

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  memberships: Membership[];
}

export interface RegionRecord {
  id: string;
  name: string;
}

function toUser(doc: { _id: string; email: string; name: string; passwordHash: string; memberships: { regionId: string; roles: string[] }[] }): UserRecord {
  return {
    id: doc._id,
    email: doc.email,
    name: doc.name,
    passwordHash: doc.passwordHash,
    memberships: doc.memberships.map((m) => ({ regionId: m.regionId, roles: m.roles as Role[] })),
  };
}

export async function findUserByEmail(models: Models, email: string): Promise<UserRecord | null> {
  const doc = await models.User.findOne({ email: email.trim().toLowerCase() }).lean();
  return doc ? toUser(doc) : null;
}

export async function findUserById(models: Models, id: string): Promise<UserRecord | null> {
  const doc = await models.User.findById(id).lean();
  return doc ? toUser(doc) : null;
}

/** The board's voting members (members and chair) of a region, in a stable order. */
export async function listVotingMembers(models: Models, regionId: string): Promise<PersonRef[]> {
  const docs = await models.User.find({ 'memberships.regionId': regionId }).sort({ _id: 1 }).lean();
  return docs
    .map(toUser)
    .filter((user) => user.memberships.some((m) => m.regionId === regionId && isVotingMember(m.roles)))
    .map((user) => ({ id: user.id, name: user.name }));
}

export async function findRegions(models: Models, ids: string[]): Promise<RegionRecord[]> {
  const docs = await models.Region.find({ _id: { $in: ids } })
    .sort({ _id: 1 })
    .lean();
  return docs.map((doc) => ({ id: doc._id, name: doc.name }));
}

/** A region's name (its id when it has none), for headings of reports and charts. */
export async function findRegionName(models: Models, id: string): Promise<string> {
  return (await models.Region.findById(id, { name: 1 }).lean())?.name ?? id;
}
