import { ConfigError, loadConfig } from '../config';
import { startApi } from './index';

/** `npm run api`: the API process against external Temporal and MongoDB. */
async function main(): Promise<void> {
  const api = await startApi(loadConfig());
  const stop = () => void api.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.on('unhandledRejection', (reason) => console.error('unhandled rejection', reason));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
