import { Client, Connection } from '@temporalio/client';
import { ConfigError, loadConfig, requireMongoUri, requireTemporalAddress } from '../config';
import { temporalConnectionOptions } from '../config/temporal';
import { openStore } from '../store/connection';
import { reprojectMandates } from '../store/reproject';

/** `npm run reproject`: rebuild the read models from Temporal. Needs a running worker for closed mandates. */
async function main(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(requireMongoUri(config));
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal, requireTemporalAddress(config)));
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace });
    const result = await reprojectMandates(client, store.models, config.temporal.taskQueue, (done) => {
      if (done % 50 === 0) console.log(`${done} workflows reprojected…`);
    });
    console.log(
      `Reprojected ${result.mandates} mandates with ${result.events} audit events, ${result.tasks} tasks with ${result.taskEvents} history events, ${result.votes} votes and ${result.meetings} meetings.`,
    );
  } finally {
    await connection.close();
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
