// `npm test`: tools, type check, jest — and one closing line CI reads:
//   tests: N passed, N failed[, N skipped]
// Extra arguments go to jest (`npm test -- domain/`); `--no-typecheck` skips tsc.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { resolveFerretDb, resolveTemporalCli, resolveTestServer, ToolError } from './tools';

const ROOT = path.resolve(__dirname, '..');

type JestResults = {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
};

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Installs now, with progress lines, rather than inside jest's global setup. */
async function ensureTools(): Promise<void> {
  const results = await Promise.allSettled([resolveTemporalCli(), resolveTestServer(), resolveFerretDb()]);
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length === 0) return;
  throw new ToolError(failures.map((err) => (err instanceof Error ? err.message : String(err))).join('\n'));
}

async function typecheck(): Promise<boolean> {
  const started = Date.now();
  const code = await run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', ROOT]);
  console.log(code === 0 ? `typecheck passed (${seconds(started)})` : `typecheck failed (${seconds(started)})`);
  return code === 0;
}

async function jest(extraArgs: string[]): Promise<{ code: number; results?: JestResults }> {
  const outputFile = path.join(os.tmpdir(), `mandate-engine-jest-${process.pid}.json`);
  // --forceExit: a handle leaked by a failing test (a worker still polling) must not hang CI for 90 minutes;
  // jest still reports the leak.
  const args = [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--maxWorkers=2', '--forceExit', '--json', `--outputFile=${outputFile}`];
  try {
    const code = await run(process.execPath, [...args, ...extraArgs]);
    const text = await fs.readFile(outputFile, 'utf8').catch(() => undefined);
    return { code, results: text ? (JSON.parse(text) as JestResults) : undefined };
  } finally {
    await fs.rm(outputFile, { force: true });
  }
}

function summary(results: JestResults): { line: string; failed: number } {
  // A suite that fails to load has no failed test in it, but it is a failure all the same.
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const skipped = results.numPendingTests + results.numTodoTests;
  const line = `tests: ${results.numPassedTests} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  return { line, failed };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const skipTypecheck = args.includes('--no-typecheck');
  const jestArgs = args.filter((arg) => arg !== '--no-typecheck');

  await ensureTools();
  if (!skipTypecheck && !(await typecheck())) return 1;
  const { code, results } = await jest(jestArgs);
  if (!results) {
    console.log(`jest exited with code ${code} and wrote no results`);
    return code || 1;
  }
  const { line, failed } = summary(results);
  console.log(line);
  return code !== 0 || failed > 0 || !results.success ? code || 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ToolError ? err.message : err);
    process.exit(1);
  },
);
