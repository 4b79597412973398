import type { Role } from '../domain/roles';
import { requireMongoUri, type Config } from '../config';
import { openStore } from './connection';
import type { Models } from './models';
import { hashPassword } from './passwords';
import { commitBatch, setIndicatorTarget, setMonitoringSettings } from './monitoring';
import { DEMO_TARGETS, demoValues } from '../domain/monitoring/demo-data';
import { DEFAULT_MONITORING_SETTINGS } from '../domain/monitoring/types';

interface SeedUser {
  id: string;
  email: string;
  name: string;
  regionId: string;
  roles: Role[];
}

export const DEMO_REGIONS = [
  { id: 'demo', name: 'Bildungsregion Musterkreis' },
  { id: 'other', name: 'Bildungsregion Beispielstadt' },
];

export const DEMO_USERS: readonly SeedUser[] = [
  { id: 'demo-chair', email: 'chair@demo.test', name: 'Clara Vorsitz', regionId: 'demo', roles: ['board_chair'] },
  { id: 'demo-board1', email: 'board1@demo.test', name: 'Bernd Beirat', regionId: 'demo', roles: ['board_member'] },
  { id: 'demo-board2', email: 'board2@demo.test', name: 'Berit Beirat', regionId: 'demo', roles: ['board_member'] },
  { id: 'demo-board3', email: 'board3@demo.test', name: 'Boris Beirat', regionId: 'demo', roles: ['board_member'] },
  { id: 'demo-board4', email: 'board4@demo.test', name: 'Bianca Beirat', regionId: 'demo', roles: ['board_member'] },
  { id: 'demo-lead', email: 'lead@demo.test', name: 'Lena Leitung', regionId: 'demo', roles: ['office_lead'] },
  { id: 'demo-staff', email: 'staff@demo.test', name: 'Sven Sachbearbeitung', regionId: 'demo', roles: ['office_staff'] },
  { id: 'demo-staff2', email: 'staff2@demo.test', name: 'Svenja Sachbearbeitung', regionId: 'demo', roles: ['office_staff'] },
  { id: 'demo-manager', email: 'manager@demo.test', name: 'Maria Koordination', regionId: 'demo', roles: ['manager'] },
  { id: 'demo-admin', email: 'admin@demo.test', name: 'Arne Administration', regionId: 'demo', roles: ['admin'] },
  { id: 'demo-provider', email: 'provider@demo.test', name: 'Paula Schulamt', regionId: 'demo', roles: ['data_provider'] },
  { id: 'other-chair', email: 'chair@other.test', name: 'Otto Vorsitz', regionId: 'other', roles: ['board_chair'] },
  { id: 'other-lead', email: 'lead@other.test', name: 'Olga Leitung', regionId: 'other', roles: ['office_lead'] },
];

/**
 * Creates the demo regions and users where they are missing. Idempotent:
 * existing users (and their changed passwords) are left alone.
 */
export async function seedDemoData(models: Models, password: string, { monitoring = true } = {}): Promise<{ created: number }> {
  for (const region of DEMO_REGIONS) {
    await models.Region.updateOne({ _id: region.id }, { $setOnInsert: { name: region.name } }, { upsert: true });
  }
  const existing = new Set((await models.User.find({ _id: { $in: DEMO_USERS.map((u) => u.id) } }, { _id: 1 }).lean()).map((d) => d._id));
  const missing = DEMO_USERS.filter((user) => !existing.has(user.id));
  // scrypt runs on libuv's thread pool: hashing in parallel makes seeding several times faster.
  const hashes = await Promise.all(missing.map(() => hashPassword(password)));
  await models.User.insertMany(
    missing.map((user, i) => ({
      _id: user.id,
      email: user.email,
      name: user.name,
      passwordHash: hashes[i],
      memberships: [{ regionId: user.regionId, roles: user.roles }],
    })),
  );
  if (monitoring) for (const region of DEMO_REGIONS) await seedDemoMonitoring(models, region.id);
  return { created: missing.length };
}

/**
 * Ten years of plausible indicator values per demo region (a different seed
 * each), the demo targets, and comparison shared between the two regions.
 * Idempotent: the values are one committed batch per region.
 */
export async function seedDemoMonitoring(models: Models, regionId: string): Promise<void> {
  const batchId = `seed:${regionId}`;
  const at = '2025-06-30T08:00:00.000Z';
  const existing = await models.ImportBatch.findById(batchId, { status: 1 }).lean();
  if (existing?.status === 'committed') return;
  await setMonitoringSettings(models, regionId, { ...DEFAULT_MONITORING_SETTINGS, shareAggregates: true });
  for (const [key, target] of Object.entries(DEMO_TARGETS)) await setIndicatorTarget(models, regionId, key, target, at);
  // Being committed: a seed that died half-way finds it so and commits it again.
  if (existing) await models.ImportBatch.updateOne({ _id: batchId }, { $set: { status: 'committing' } });
  else {
    await models.ImportBatch.create({
      _id: batchId,
      regionId,
      kind: 'file',
      status: 'committing',
      fileName: 'demo-daten.csv',
      createdBy: SEED_PERSON,
      createdAt: at,
    });
  }
  const values = demoValues(regionId).map((value) => ({ ...value, area: DEFAULT_MONITORING_SETTINGS.defaultArea }));
  const provenance = {
    source: 'Demo-Daten',
    referenceDate: null,
    territorialStatus: null,
    origin: 'import' as const,
    enteredBy: SEED_PERSON,
    fileName: 'demo-daten.csv',
    taskId: null,
    note: null,
  };
  await commitBatch(models, batchId, regionId, values, provenance, at);
}

const SEED_PERSON = { id: 'system', name: 'Demo-Daten' };

/** `npm run seed` and the embedded launcher: seeds the database named by the configuration. */
export async function seedDemo(config: Config): Promise<{ created: boolean }> {
  const store = await openStore(requireMongoUri(config));
  try {
    const { created } = await seedDemoData(store.models, config.demoPassword);
    return { created: created > 0 };
  } finally {
    await store.close();
  }
}
