// `npm start`: the whole stack on this machine. Whatever is not configured
// (TEMPORAL_ADDRESS, MONGODB_URI) is embedded: a Temporal dev server and
// FerretDB (or mongod) with their data under DATA_DIR (.data/). With both set,
// nothing is embedded and this is just the worker and the API in one process.
import fs from 'node:fs/promises';
import path from 'node:path';
import { startApi } from '../api';
import { ConfigError, loadConfig, type Config } from '../config';
import { DEMO_USERS, seedDemo } from '../store/seed';
import { startMailCapture, type MailCapture } from './mail-capture';
import { seedDemoWork } from './demo-work';
import { startWorker } from '../worker';
import { assertPortFree, PortInUseError, ServerStartError, startFerretDb, startMongod, startTemporalDevServer, type ServerHandle } from './servers';
import { resolveMongoBackend, resolveTemporalCli, ToolError } from './tools';

const DB_NAME = 'mandate-engine';

type Embedded = { name: string; handle: ServerHandle; summary: string };

const embedded: Embedded[] = [];
/** API and worker, stopped in reverse order of starting, before the servers. */
const services: Array<{ name: string; stop: () => Promise<void> }> = [];
let shuttingDown = false;

async function main(): Promise<void> {
  const base = loadConfig();
  if (base.port !== 0) await assertPortFree(base.port, 'API and web UI', 'PORT');
  const temporal = base.temporal.address ? undefined : startTemporal(base);
  const database = base.mongodbUri ? undefined : startDatabase(base);
  // Settle both before acting on a failure, so no server is left running unseen.
  const started = await Promise.allSettled([temporal, database]);
  for (const result of started) if (result.status === 'fulfilled' && result.value) track(result.value);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  const [temporalServer, databaseServer] = started.map((r) => (r.status === 'fulfilled' ? r.value : undefined));

  // Without SMTP_HOST, mail goes to a local capture folder instead of nowhere.
  const mailCapture = base.mail.smtp ? undefined : await startMailCapture({ dir: path.join(base.dataDir, 'mail') });
  if (mailCapture) services.push({ name: 'mail capture', stop: () => mailCapture.stop() });

  const config = loadConfig({
    ...process.env,
    TEMPORAL_ADDRESS: temporalServer?.handle.address ?? base.temporal.address,
    MONGODB_URI: databaseServer?.handle.uri ?? base.mongodbUri,
    ...(mailCapture ? { SMTP_HOST: mailCapture.host, SMTP_PORT: String(mailCapture.port), SMTP_SECURE: 'false' } : {}),
  });
  const firstStart = databaseServer ? await seedOnFirstStart(config, databaseServer.name) : false;

  const worker = await startWorker(config);
  services.push({ name: 'worker', stop: () => worker.stop() });
  worker.done.then(
    () => unexpectedly('the worker stopped'),
    (err: unknown) => unexpectedly(`the worker failed: ${message(err)}`),
  );
  const api = await startApi(config);
  services.push({ name: 'API', stop: () => api.stop() });
  if (firstStart) {
    // Not fatal: the stack works without the demo work.
    const host = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
    await seedDemoWork(`http://${host}:${api.port}`, config.demoPassword)
      .then(() =>
        console.log('Created demo work: a mandate in preparation with the office’s tasks, the board’s next meeting and a written procedure waiting for votes.'),
      )
      .catch((err: unknown) => console.error(`Creating the demo work failed: ${message(err)}`));
  }

  printBanner(config, api.url, { temporal: temporalServer !== undefined, database: databaseServer !== undefined }, mailCapture);
}

async function startTemporal(config: Config): Promise<Embedded> {
  await assertPortFree(config.temporalPort, 'Temporal dev server', 'TEMPORAL_PORT');
  const cliPath = await resolveTemporalCli();
  const dbFile = path.join(config.dataDir, 'temporal.db');
  const handle = await startTemporalDevServer({
    cliPath,
    port: config.temporalPort,
    dbFile,
    logFile: path.join(config.dataDir, 'temporal.log'),
    namespace: config.temporal.namespace,
    detached: true,
  });
  return { name: 'Temporal dev server', handle, summary: `data in ${shown(dbFile)}` };
}

async function startDatabase(config: Config): Promise<Embedded> {
  await assertPortFree(config.mongoPort, 'MongoDB-wire database', 'MONGO_PORT');
  const backend = await resolveMongoBackend();
  const dir = path.join(config.dataDir, backend.kind);
  const options = {
    path: backend.path,
    port: config.mongoPort,
    dir,
    dbName: DB_NAME,
    logFile: path.join(config.dataDir, `${backend.kind}.log`),
    detached: true,
  };
  const handle = backend.kind === 'mongod' ? await startMongod(options) : await startFerretDb(options);
  return { name: backend.kind === 'mongod' ? 'mongod' : 'FerretDB', handle, summary: `data in ${shown(dir)}` };
}

function track(server: Embedded): void {
  embedded.push(server);
  void server.handle.exited.then(({ code, signal }) =>
    unexpectedly(`the ${server.name} exited (${signal ?? `code ${code}`}); see ${shown(server.handle.logFile)}`),
  );
}

/** A marker per backend: the demo data is created once, and a deleted demo user stays deleted. True on the first start. */
async function seedOnFirstStart(config: Config, backend: string): Promise<boolean> {
  const marker = path.join(config.dataDir, `${backend.toLowerCase()}.seeded`);
  if (await fs.stat(marker).catch(() => undefined)) return false;
  const { created } = await seedDemo(config);
  await fs.writeFile(marker, `${new Date().toISOString()}\n`);
  if (created) console.log('Seeded the demo regions and users.');
  return created;
}

function printBanner(config: Config, url: string, isEmbedded: { temporal: boolean; database: boolean }, mailCapture?: MailCapture): void {
  const lines = ['', `mandate-engine is running at ${url}`];
  for (const server of embedded) lines.push(`  ${server.name} on ${server.handle.address}, ${server.summary}`);
  if (!isEmbedded.temporal) lines.push(`  Temporal at ${config.temporal.address}, namespace ${config.temporal.namespace}`);
  if (!isEmbedded.database) lines.push('  MongoDB from MONGODB_URI');
  if (mailCapture) lines.push(`  Mail capture on ${mailCapture.host}:${mailCapture.port}: every e-mail lands as a .eml file in ${shown(mailCapture.dir)}`);
  else lines.push(`  E-mail via SMTP at ${config.mail.smtp?.host}:${config.mail.smtp?.port}`);
  if (isEmbedded.database) {
    const password = config.demoPassword === 'demo' ? 'demo' : 'the value of DEMO_PASSWORD';
    lines.push('', `  Demo logins (password: ${password}):`);
    for (const user of DEMO_USERS) lines.push(`    ${user.email.padEnd(20)} ${user.name} (${user.roles.join(', ')}, region ${user.regionId})`);
  }
  lines.push('', 'Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

function unexpectedly(what: string): void {
  if (shuttingDown) return;
  console.error(`Stopping: ${what}.`);
  void shutdown(1);
}

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const service of [...services].reverse()) {
    await service.stop().catch((err: unknown) => console.error(`Stopping the ${service.name} failed: ${message(err)}`));
  }
  await Promise.all(embedded.map((server) => server.handle.stop()));
  process.exit(code);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

// The servers run in their own process group (Ctrl-C reaches only us, so the
// worker can drain first); they must still never outlive this process.
process.on('exit', () => {
  for (const server of embedded) server.handle.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (shuttingDown) {
      console.error('Stopping now.');
      process.exit(130);
    }
    console.log('\nStopping…');
    void shutdown(0);
  });
}

main().catch((err: unknown) => {
  const known = [ConfigError, PortInUseError, ToolError, ServerStartError].some((type) => err instanceof type);
  console.error(known ? message(err) : err);
  void shutdown(1);
});
