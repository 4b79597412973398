import mongoose, { type Connection } from 'mongoose';
import { createModels, type Models } from './models';

export interface Store {
  connection: Connection;
  models: Models;
  close(): Promise<void>;
}

/**
 * Opens a dedicated connection (not mongoose's global one) so that the API,
 * the worker and tests can each hold their own, and creates the indexes.
 */
export async function openStore(uri: string): Promise<Store> {
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false });
  await connection.asPromise();
  const models = createModels(connection);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  return { connection, models, close: () => connection.close() };
}
