import { randomUUID } from 'node:crypto';
import { ConflictError } from '../domain/errors';
import type { Models } from './models';

export interface SavedFilter {
  id: string;
  name: string;
  query: Record<string, unknown>;
  createdAt: string;
}

/** A user keeps at most this many filters per region. */
const MAX_FILTERS = 50;

export async function listSavedFilters(models: Models, userId: string, regionId: string): Promise<SavedFilter[]> {
  const docs = await models.SavedFilter.find({ userId, regionId }).sort({ name: 1 }).lean();
  return docs.map((d) => ({ id: d._id, name: d.name, query: d.query as Record<string, unknown>, createdAt: d.createdAt }));
}

/** Saves a named filter; the same name again replaces the query. */
export async function saveFilter(models: Models, userId: string, regionId: string, name: string, query: Record<string, unknown>): Promise<SavedFilter> {
  const existing = await models.SavedFilter.findOne({ userId, regionId, name }).lean();
  if (existing) {
    await models.SavedFilter.updateOne({ _id: existing._id }, { $set: { query } });
    return { id: existing._id, name, query, createdAt: existing.createdAt };
  }
  if ((await models.SavedFilter.countDocuments({ userId, regionId })) >= MAX_FILTERS) {
    throw new ConflictError('too_many_filters', `You can keep at most ${MAX_FILTERS} saved filters; delete one first.`);
  }
  const filter: SavedFilter = { id: `f${randomUUID().replaceAll('-', '').slice(0, 20)}`, name, query, createdAt: new Date().toISOString() };
  await models.SavedFilter.create({ _id: filter.id, userId, regionId, name, query, createdAt: filter.createdAt });
  return filter;
}

export async function deleteSavedFilter(models: Models, userId: string, regionId: string, id: string): Promise<boolean> {
  const result = await models.SavedFilter.deleteOne({ _id: id, userId, regionId });
  return result.deletedCount === 1;
}
