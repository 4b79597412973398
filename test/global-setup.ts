// Once per jest run: one Temporal dev server (in memory), one FerretDB (temp
// dir) and one workflow bundle, handed to the workers through process.env.
// Preset TEST_TEMPORAL_ADDRESS / TEST_MONGODB_URI_BASE reuse servers you keep running.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveFerretDb, resolveTemporalCli, resolveTestServer } from '../scripts/tools';
import { freePort, startFerretDb, startTemporalDevServer, type ServerHandle } from '../scripts/servers';

export interface TestServers {
  dir: string;
  handles: ServerHandle[];
}

declare global {
  // Read back by global-teardown.ts, which runs in the same process.
  var mandateEngineTestServers: TestServers | undefined;
}

export default async function globalSetup(): Promise<void> {
  const [cli, timeSkipping, ferretDb] = await Promise.all([resolveTemporalCli(), resolveTestServer(), resolveFerretDb()]);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mandate-engine-test-'));
  const servers: TestServers = { dir, handles: [] };
  globalThis.mandateEngineTestServers = servers;
  process.env.TEST_TEMPORAL_CLI = cli;
  process.env.TEST_TIME_SKIPPING_SERVER = timeSkipping;
  process.env.TEST_FERRETDB_PATH = ferretDb;

  const [temporal, database, bundle] = await Promise.allSettled([
    process.env.TEST_TEMPORAL_ADDRESS ? undefined : startTemporalDevServer({ cliPath: cli, port: await freePort(), logFile: path.join(dir, 'temporal.log') }),
    process.env.TEST_MONGODB_URI_BASE ? undefined : startFerretDb({ path: ferretDb, port: await freePort(), dir: path.join(dir, 'ferretdb') }),
    bundleWorkflows(dir),
  ]);
  for (const result of [temporal, database]) if (result.status === 'fulfilled' && result.value) servers.handles.push(result.value);
  const failure = [temporal, database, bundle].find((result) => result.status === 'rejected');
  if (failure) {
    // Whichever did start must not outlive a failed setup.
    await Promise.all(servers.handles.map((handle) => handle.stop()));
    throw failure.reason;
  }
  if (temporal.status === 'fulfilled' && temporal.value) process.env.TEST_TEMPORAL_ADDRESS = temporal.value.address;
  if (database.status === 'fulfilled' && database.value) process.env.TEST_MONGODB_URI_BASE = `mongodb://${database.value.address}/`;
  if (bundle.status === 'fulfilled' && bundle.value) process.env.TEST_WORKFLOW_BUNDLE = bundle.value;
}

/** Bundling takes seconds; doing it once here spares every test file that starts a worker. */
async function bundleWorkflows(dir: string): Promise<string | undefined> {
  const workflowsPath = path.resolve(__dirname, '../workflows/index.ts');
  if (!existsSync(workflowsPath)) return undefined;
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quiet });
  const file = path.join(dir, 'workflow-bundle.js');
  await fs.writeFile(file, code);
  return file;
}
