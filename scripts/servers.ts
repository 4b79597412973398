// Starts and stops the dev servers as child processes; shared by the launcher
// (scripts/start.ts) and the jest global setup.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';

const HOST = '127.0.0.1';

export interface ServerHandle {
  /** host:port */
  address: string;
  /** MongoDB connection string (database servers only). */
  uri?: string;
  process: ChildProcess;
  logFile: string;
  /** Settles when the process has exited, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL if it is still running after a grace period. */
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): void;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

/** A server that exited or never became reachable; the message carries its log tail. */
export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

type CommonOptions = {
  /** Where stdout and stderr go; defaults to a file beside the data. */
  logFile?: string;
  /** Own process group, so a terminal's Ctrl-C reaches only the launcher, which stops servers last. */
  detached?: boolean;
  startTimeoutMs?: number;
};

export type TemporalDevServerOptions = CommonOptions & {
  cliPath: string;
  port: number;
  /** Serve the web UI on this port; headless when omitted. */
  uiPort?: number;
  /** SQLite file for persistence; in memory when omitted. */
  dbFile?: string;
  namespace?: string;
  /** Custom search attributes to register, e.g. { Region: 'Keyword' }. */
  searchAttributes?: Record<string, 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList'>;
  dynamicConfig?: Record<string, unknown>;
};

export type DatabaseServerOptions = CommonOptions & { path: string; port: number; dir: string; dbName?: string };

export function mongoUri(address: string, dbName: string): string {
  return `mongodb://${address}/${encodeURIComponent(dbName)}?directConnection=true&retryWrites=false`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function assertPortFree(port: number, name: string, envVar?: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
  if (!free) {
    const hint = envVar ? ` or set ${envVar}` : '';
    throw new PortInUseError(`Port ${port} is already in use (${name}). Stop the other process${hint}.`);
  }
}

export async function waitForTcp(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      const settle = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(1000);
      socket.once('connect', () => settle(true));
      socket.once('timeout', () => settle(false));
      socket.once('error', () => settle(false));
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`nothing accepted connections on ${host}:${port} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<ServerHandle> {
  const namespace = options.namespace ?? 'default';
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(options.port), '--log-level', 'warn'];
  // HTTP API and metrics ports default to random free ones, so two dev servers can run side by side.
  args.push(...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']));
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const [key, type] of Object.entries(options.searchAttributes ?? {})) args.push('--search-attribute', `${key}=${type}`);
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  if (options.dbFile) await fs.mkdir(path.dirname(options.dbFile), { recursive: true });
  const logFile = options.logFile ?? path.join(path.dirname(options.dbFile ?? '.'), 'temporal.log');
  return launch('Temporal dev server', options.cliPath, args, { ...options, logFile }, async (address, timeoutMs, signal) => {
    await waitUntilTemporalServes(address, namespace, timeoutMs, signal);
    return {};
  });
}

export async function startFerretDb(options: DatabaseServerOptions): Promise<ServerHandle> {
  await fs.mkdir(options.dir, { recursive: true }); // the SQLite backend does not create it
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${options.dir}/`,
    `--listen-addr=${HOST}:${options.port}`,
    `--state-dir=${options.dir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
  ];
  const logFile = options.logFile ?? path.join(options.dir, 'ferretdb.log');
  return launch('FerretDB', options.path, args, { ...options, logFile }, async (address) => ({
    uri: mongoUri(address, options.dbName ?? ''),
  }));
}

export async function startMongod(options: DatabaseServerOptions): Promise<ServerHandle> {
  await fs.mkdir(options.dir, { recursive: true });
  const args = ['--dbpath', options.dir, '--bind_ip', HOST, '--port', String(options.port), '--quiet'];
  const logFile = options.logFile ?? path.join(options.dir, 'mongod.log');
  return launch('mongod', options.path, args, { ...options, logFile }, async (address) => ({
    uri: mongoUri(address, options.dbName ?? ''),
  }));
}

type Ready = (address: string, timeoutMs: number, signal: AbortSignal) => Promise<{ uri?: string }>;

async function launch(
  name: string,
  command: string,
  args: string[],
  options: CommonOptions & { port: number; logFile: string },
  ready: Ready,
): Promise<ServerHandle> {
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const address = `${HOST}:${options.port}`;
  // Otherwise the readiness probe could be answered by whoever holds the port.
  await assertPortFree(options.port, name);
  await fs.mkdir(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  log.write(`\n--- ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  let tail = '';
  const capture = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-3000);
  };

  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (err) => {
      capture(Buffer.from(`${err.message}\n`));
      resolve({ code: null, signal: null });
    });
    child.once('close', (code, signal) => resolve({ code, signal }));
  }).finally(() => log.end());

  const kill = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const stop = async () => {
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const failure = (why: string) => new ServerStartError(`${name} ${why}. Last output (full log: ${options.logFile}):\n${tail.trim() || '(none)'}`);

  // Stops the readiness polling once the race is decided either way.
  const settled = new AbortController();
  try {
    const result = await Promise.race([
      waitForTcp(HOST, options.port, timeoutMs, settled.signal).then(() => ready(address, timeoutMs, settled.signal)),
      exited.then(({ code, signal }) => {
        throw failure(`exited during start (${signal ?? `code ${code}`})`);
      }),
    ]);
    return { address, ...result, process: child, logFile: options.logFile, exited, stop, kill };
  } catch (err) {
    await stop();
    if (err instanceof ServerStartError) throw err;
    throw failure(`did not become ready: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    settled.abort();
  }
}

/** The port opens before the frontend serves; ask the server, and for the namespace workers will use. */
async function waitUntilTemporalServes(address: string, namespace: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2000 });
      await connection.healthService.check({});
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      lastError = err;
      await sleep(200);
    } finally {
      await connection?.close();
    }
  }
  throw new Error(`health check failed: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
