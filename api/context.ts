import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Models } from '../store/models';

/** What every route needs, created once by startApi and handed to the routers. */
export interface ApiContext {
  config: Config;
  models: Models;
  temporal: Client;
  logger: Logger;
}
