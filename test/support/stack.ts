import { loadConfig, type Config } from '../../config';
import { startApi, type RunningApi } from '../../api';
import { startWorker, type RunningWorker, type WorkerOptions } from '../../worker';
import { openStore, type Store } from '../../store/connection';
import { seedDemoData } from '../../store/seed';
import { testMongoUri, testTemporalAddress, uniqueName } from './servers';

export interface TestStack {
  baseUrl: string;
  config: Config;
  store: Store;
  api: RunningApi;
  worker: RunningWorker | null;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Start the worker in this process (default). False: the test runs its own, e.g. as a child process. */
  worker?: boolean;
  /** Override the Temporal address (a test with its own dev server). */
  temporalAddress?: string;
  /** Further configuration, as environment variables. */
  env?: Record<string, string>;
  /** Also seed the demo regions' ten years of indicator values (slower; only tests of monitoring need them). */
  monitoring?: boolean;
  /** Options for the in-process worker, e.g. its mail dispatcher's clock. */
  workerOptions?: Omit<WorkerOptions, 'workflowBundle'>;
}

/** The workflow bundle built once per jest run by the global setup, when there is one. */
export function workflowBundle() {
  const codePath = process.env.TEST_WORKFLOW_BUNDLE;
  return codePath ? { codePath } : undefined;
}

/** Configuration for one test file: its own database and task queue on the shared servers. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    TEMPORAL_ADDRESS: testTemporalAddress(),
    MONGODB_URI: testMongoUri(uniqueName('db')),
    TEMPORAL_TASK_QUEUE: uniqueName('mandates'),
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}

/** API and worker on the shared test servers, with a fresh database seeded with the demo data (password `demo`). */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const config = testConfig({ ...(options.temporalAddress ? { TEMPORAL_ADDRESS: options.temporalAddress } : {}), ...options.env });
  const store = await openStore(config.mongodbUri as string);
  await seedDemoData(store.models, 'demo', { monitoring: options.monitoring ?? false });
  const worker = options.worker === false ? null : await startWorker(config, { ...options.workerOptions, workflowBundle: workflowBundle() });
  const api = await startApi(config);
  return {
    baseUrl: `http://127.0.0.1:${api.port}`,
    config,
    store,
    api,
    worker,
    async stop() {
      await api.stop();
      await worker?.stop();
      await store.connection.dropDatabase().catch(() => undefined);
      await store.close();
    },
  };
}
