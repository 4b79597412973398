import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { startApi } from '../api';
import { startWorker } from '../worker';
import { openStore, type Store } from '../store/connection';
import { seedDemoData } from '../store/seed';
import { freePort, startFerretDb, startTemporalDevServer } from '../scripts/servers';
import { resolveFerretDb, resolveTemporalCli } from '../scripts/tools';

/** What the benchmarks share: timing with warm-up, and the report table with ratios to floors. */
export const REPEAT = Number(process.argv[2] ?? 40);

export type Call = (token: string, method: string, url: string, body?: unknown) => Promise<unknown>;
export type Timing = { median: number; p95: number };

export async function measure(fn: () => Promise<unknown>, repeat = REPEAT): Promise<Timing> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, p95: samples[Math.floor(samples.length * 0.95)]! };
}

const rows: string[][] = [['measure', 'median ms', 'p95 ms', 'floor', 'ratio']];
export function report(name: string, value: Timing, floorName = '', floor?: { median: number }) {
  rows.push([name, value.median.toFixed(1), value.p95.toFixed(1), floorName, floor ? (value.median / floor.median).toFixed(1) + '×' : '']);
}

/** Prints the table, then the process's memory (API and worker run in it). */
export function printReport(): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
  console.log(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (API + worker in one process)`);
}

export interface BenchStack {
  store: Store;
  base: string;
  /** A bearer token of a demo user (password `demo`). */
  login(email: string): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are loosely typed JSON, as in the tests
  call: (token: string, method: string, url: string, body?: unknown) => Promise<any>;
  stop(): Promise<void>;
}

/** Its own Temporal dev server and FerretDB on free ports, the demo data, and the worker and API in this process. */
export async function startBenchStack({ monitoring }: { monitoring: boolean }): Promise<BenchStack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mandate-bench-'));
  const temporal = await startTemporalDevServer({ cliPath: await resolveTemporalCli(), port: await freePort(), logFile: path.join(dir, 'temporal.log') });
  const ferret = await startFerretDb({ path: await resolveFerretDb(), port: await freePort(), dir: path.join(dir, 'ferretdb') });
  const config = loadConfig({ TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: ferret.uri, PORT: '0', LOG_LEVEL: 'warn' });
  const store = await openStore(config.mongodbUri!);
  await seedDemoData(store.models, 'demo', { monitoring });
  const worker = await startWorker(config);
  const api = await startApi(config);
  const base = `http://127.0.0.1:${api.port}`;
  const login = async (email: string) => {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'demo' }),
    });
    return ((await response.json()) as { token: string }).token;
  };
  const call = async (token: string, method: string, url: string, body?: unknown) => {
    const response = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${await response.text()}`);
    return response.json();
  };
  return {
    store,
    base,
    login,
    call,
    async stop() {
      await api.stop();
      await worker.stop();
      await store.close();
      await Promise.all([temporal.stop(), ferret.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a benchmark on its own stack, prints the table and exits non-zero when it fails. */
export function runBench(options: { monitoring: boolean }, body: (bench: BenchStack) => Promise<void>): void {
  const run = async () => {
    const bench = await startBenchStack(options);
    try {
      await body(bench);
    } finally {
      await bench.stop();
    }
    printReport();
  };
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
