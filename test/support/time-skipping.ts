import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { openStore, type Store } from '../../store/connection';
import type { Models } from '../../store/models';
import { seedDemoData } from '../../store/seed';
import { testMongoUri, testTimeSkippingServerPath, uniqueName } from './servers';
import { workflowBundle } from './stack';

/** A time-skipping test server, a fresh database with the demo data, and a worker with the given activities on a queue of its own. */
export interface TimeSkippingRig {
  env: TestWorkflowEnvironment;
  store: Store;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startTimeSkippingRig(name: string, activities: (models: Models, client: Client) => object): Promise<TimeSkippingRig> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testTimeSkippingServerPath() } } });
  const store = await openStore(testMongoUri(uniqueName(name)));
  await seedDemoData(store.models, 'demo', { monitoring: false });
  const taskQueue = uniqueName(name);
  const bundle = workflowBundle();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    // No workflow cache: every workflow task replays the history, as after a restart.
    maxCachedWorkflows: 0,
    activities: activities(store.models, env.client),
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath: require.resolve('../../workflows') }),
  });
  const running = worker.run();
  return {
    env,
    store,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await store.connection.dropDatabase();
      await store.close();
      await env.teardown();
    },
  };
}
