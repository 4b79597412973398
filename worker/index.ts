import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkflowBundleOption } from '@temporalio/worker';
import pino from 'pino';
import { requireMongoUri, requireTemporalAddress, type Config } from '../config';
import { temporalConnectionOptions } from '../config/temporal';
import { Client, Connection } from '@temporalio/client';
import { createMandateActivities } from '../activities/mandate-activities';
import { createTaskActivities } from '../activities/task-activities';
import { createMeetingActivities } from '../activities/meeting-activities';
import { createVoteActivities } from '../activities/vote-activities';
import { openStore } from '../store/connection';
import { startMailDispatcher, type MailDispatcherOptions } from './mail/dispatcher';

export interface WorkerOptions {
  /** A prebuilt workflow bundle (tests bundle once per run); by default the worker bundles workflows/. */
  workflowBundle?: WorkflowBundleOption;
  /** Options of the mail dispatcher (tests inject a clock). */
  mail?: MailDispatcherOptions;
}

export interface RunningWorker {
  /** Resolves when the worker has stopped (after stop(), or with an error if it crashed). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** The SDK runs one step quieter than our own logs: at `info` it would print its bundler's build report. */
const SDK_LEVELS: Record<Config['logLevel'], LogLevel> = {
  trace: 'TRACE',
  debug: 'INFO',
  info: 'WARN',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};
let runtimeInstalled = false;

/** The SDK logs through its own runtime, once per process; it follows LOG_LEVEL like the rest. */
function installRuntime(config: Config): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: new DefaultLogger(SDK_LEVELS[config.logLevel]),
    // The SDK's own Prometheus exporter: task latencies, schedule-to-start, sticky cache, slots.
    ...(config.workerMetricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: config.workerMetricsAddress } } } } : {}),
  });
}

/** Connects to Temporal and MongoDB and polls the mandate task queue until stopped. */
export async function startWorker(config: Config, options: WorkerOptions = {}): Promise<RunningWorker> {
  const logger = pino({ level: config.logLevel, name: 'worker' });
  installRuntime(config);
  const store = await openStore(requireMongoUri(config));
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal, requireTemporalAddress(config)));
  // Activities that talk to other workflows (a task reporting to its mandate) use a client of their own.
  const clientConnection = await Connection.connect(temporalConnectionOptions(config.temporal, requireTemporalAddress(config)));
  const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: {
      ...createMandateActivities(store.models),
      ...createTaskActivities(store.models, client),
      ...createMeetingActivities(store.models, client),
      ...createVoteActivities(store.models, client),
    },
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: require.resolve('../workflows') }),
  });
  // Sends notification e-mail from the outbox; stopped before the store closes.
  const mail = startMailDispatcher(config, store.models, logger, options.mail);
  const done = worker.run().finally(async () => {
    await mail.stop();
    await clientConnection.close();
    await connection.close();
    await store.close();
  });
  logger.info({ taskQueue: config.temporal.taskQueue }, 'worker started');
  return {
    done,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
      logger.info('worker stopped');
    },
  };
}
