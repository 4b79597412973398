import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import { buildBoard, defaultBoard, type BoardInput } from '../domain/board/composition';
import type { Board } from '../domain/board/types';
import { isOnlyDataProvider, type PersonRef, type Role } from '../domain/roles';
import type { Models } from './models';

/**
 * The board's composition: one document per region (`_id` = region id), the
 * Board as JSON text so its shape can grow without a migration. A region
 * without one has the default board derived from its users' roles.
 */
export const boardSchema = new Schema(
  {
    _id: { type: String, required: true },
    updatedAt: { type: String, required: true },
    board: { type: String, required: true },
  },
  { versionKey: false },
);

export function boardModel(connection: Connection) {
  return connection.model('Board', boardSchema, 'boards') as Model<InferSchemaType<typeof boardSchema>>;
}

/** The region's users with their roles there (a scan of the small users collection, as listVotingMembers does). */
async function regionUsers(models: Models, regionId: string): Promise<{ id: string; name: string; roles: Role[] }[]> {
  const docs = await models.User.find({ 'memberships.regionId': regionId }, { name: 1, memberships: 1 }).sort({ _id: 1 }).lean();
  return docs.map((doc) => ({
    id: doc._id,
    name: doc.name,
    roles: (doc.memberships.find((m) => m.regionId === regionId)?.roles ?? []) as Role[],
  }));
}

/** The saved composition, or the default board while none is saved. */
export async function loadBoard(models: Models, regionId: string): Promise<Board> {
  const doc = await models.Board.findById(regionId).lean();
  if (doc) return JSON.parse(doc.board) as Board;
  return defaultBoard(regionId, await regionUsers(models, regionId));
}

/**
 * Saves the composition (replacing the previous one; the last save wins).
 * Members must be users of the region; data providers cannot sit on the board.
 */
export async function saveBoard(models: Models, regionId: string, input: BoardInput, by: PersonRef, at: string): Promise<Board> {
  const users = (await regionUsers(models, regionId)).filter((u) => !isOnlyDataProvider(u.roles));
  const board = buildBoard(regionId, input, users, by, at);
  await models.Board.updateOne({ _id: regionId }, { $set: { updatedAt: at, board: JSON.stringify(board) } }, { upsert: true });
  return board;
}
