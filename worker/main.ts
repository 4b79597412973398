import { ConfigError, loadConfig } from '../config';
import { startWorker } from './index';

/** `npm run worker`: a worker process against external Temporal and MongoDB. */
async function main(): Promise<void> {
  const worker = await startWorker(loadConfig());
  const stop = () => void worker.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.on('unhandledRejection', (reason) => console.error('unhandled rejection', reason));
  await worker.done;
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
