import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { requireMongoUri, requireTemporalAddress, type Config } from '../config';
import { temporalConnectionOptions } from '../config/temporal';
import { openStore } from '../store/connection';
import { purgeIncompleteAttachments } from '../store/attachments';
import { purgeOldLoginAttempts } from '../store/login-throttle';
import { purgeExpiredSessions } from '../store/sessions';
import { createApp } from './app';
import { createApiMetrics, serveMetrics } from './metrics';

export interface RunningApi {
  port: number;
  /** Where /metrics is served, when METRICS_PORT is set. */
  metricsPort?: number;
  url: string;
  stop(): Promise<void>;
}

/** FerretDB has no TTL indexes: expired sessions, old login attempts and interrupted attachment uploads are removed on this schedule. */
const SESSION_CLEANUP_MS = 60 * 60 * 1000;

/** Connects to MongoDB and Temporal, then serves the API and the web UI. Port 0 picks a free port. */
export async function startApi(config: Config): Promise<RunningApi> {
  const logger = pino({ level: config.logLevel, name: 'api' });
  const store = await openStore(requireMongoUri(config));
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal, requireTemporalAddress(config)));
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const ctx = { config, models: store.models, temporal, logger };
  const metrics = createApiMetrics();
  const app = createApp(
    ctx,
    {
      async ready() {
        try {
          await Promise.all([store.connection.db?.admin().ping(), connection.healthService.check({})]);
          return true;
        } catch {
          return false;
        }
      },
    },
    metrics.middleware,
  );

  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await connection.close();
    await store.close();
    if (error.code === 'EADDRINUSE') throw new Error(`Port ${config.port} is already in use. Stop the other process or set PORT.`);
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const metricsServer = config.metricsPort === undefined ? undefined : await serveMetrics(metrics.registry, config.metricsPort, config.host);
  const url = config.publicUrl ?? `http://localhost:${port}`;
  const cleanup = setInterval(() => {
    Promise.all([purgeExpiredSessions(store.models), purgeOldLoginAttempts(store.models), purgeIncompleteAttachments(store.models)]).catch((error: unknown) =>
      logger.warn({ err: error }, 'cleanup failed'),
    );
  }, SESSION_CLEANUP_MS);
  cleanup.unref();
  logger.info({ url }, 'api listening');

  return {
    port,
    url,
    metricsPort: metricsServer?.port,
    async stop() {
      clearInterval(cleanup);
      await metricsServer?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      await store.close();
      logger.info('api stopped');
    },
  };
}
