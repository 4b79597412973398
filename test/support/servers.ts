// What the jest global setup started, for test files. The setup passes it in
// environment variables because jest workers are separate processes.

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (npm test), whose global setup starts the servers.`);
  return value;
}

/** host:port of the dev server shared by the whole run; use a unique task queue per test file. */
export function testTemporalAddress(): string {
  return required('TEST_TEMPORAL_ADDRESS');
}

/** A database of its own on the shared FerretDB; pass a uniqueName() so files do not collide. */
export function testMongoUri(dbName: string): string {
  const base = required('TEST_MONGODB_URI_BASE');
  return `${base.endsWith('/') ? base : `${base}/`}${encodeURIComponent(dbName)}?directConnection=true&retryWrites=false`;
}

/** For TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } }). */
export function testTimeSkippingServerPath(): string {
  return required('TEST_TIME_SKIPPING_SERVER');
}

/** For tests that run a dev server of their own (e.g. to restart it). */
export function testTemporalCliPath(): string {
  return required('TEST_TEMPORAL_CLI');
}

/** For tests that run a FerretDB of their own. */
export function testFerretDbPath(): string {
  return required('TEST_FERRETDB_PATH');
}

let counter = 0;

/** Short, unique across parallel workers, and valid as a database name, task queue or workflow id. */
export function uniqueName(prefix: string): string {
  counter += 1;
  const random = Math.random().toString(36).slice(2, 6);
  return `${prefix}-${process.pid.toString(36)}${counter.toString(36)}${random}`;
}
