import path from 'node:path';
import { z } from 'zod';

/**
 * All configuration, parsed once with zod. Nothing else reads process.env.
 * A wrong value stops the process with a message naming the variable.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

const port = z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535);

const envSchema = z.object({
  /** Port of the API and web UI; 0 picks a free one. */
  PORT: port.default(3000),
  /** Interface the API listens on. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Public base URL, printed at start; defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** host:port of a Temporal frontend. Unset: `npm start` embeds a dev server. */
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, { error: 'must be host:port' })
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('mandates'),
  /** Use TLS for Temporal (implied by the certificate variables or an API key). */
  TEMPORAL_TLS: booleanFlag.default(false),
  TEMPORAL_TLS_CERT_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_CA_PATH: z.string().min(1).optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  /** API key for Temporal Cloud. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** Port of the embedded Temporal dev server (npm start only). */
  TEMPORAL_PORT: port.default(7233),
  /** mongodb:// or mongodb+srv:// URI. Unset: `npm start` embeds FerretDB (or mongod when on PATH). */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, { error: 'must start with mongodb:// or mongodb+srv://' })
    .optional(),
  /** Port of the embedded MongoDB-wire database (npm start only). */
  MONGO_PORT: port.default(27018),
  /** Where the embedded servers keep their data. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Password of the demo users created by the seed. */
  DEMO_PASSWORD: z.string().min(1).default('demo'),
  /** Idle lifetime of a login session. */
  SESSION_TTL_HOURS: z.coerce
    .number({ error: 'must be a number of hours' })
    .positive()
    .max(24 * 30)
    .default(12),
  /** Mark cookies Secure (set true behind HTTPS). */
  COOKIE_SECURE: booleanFlag.default(false),
  /** Largest attachment accepted, in bytes. Uploads are checked in memory before they are stored, hence the 100 MiB ceiling. */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int({ error: 'must be a whole number of bytes' })
    .min(1, { error: 'must be at least 1' })
    .max(100 * 1024 * 1024, { error: 'must be at most 104857600 (100 MiB)' })
    .default(10 * 1024 * 1024),
  /** Largest statistics file (CSV, XLSX) accepted for import, in bytes; read into memory to be checked whole. */
  IMPORT_MAX_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int({ error: 'must be a whole number of bytes' })
    .min(1, { error: 'must be at least 1' })
    .max(100 * 1024 * 1024, { error: 'must be at most 104857600 (100 MiB)' })
    .default(50 * 1024 * 1024),
  /** Port of the API's Prometheus metrics (a separate listener, not exposed with the API). Unset: off. */
  METRICS_PORT: port.optional(),
  /** host:port where the worker's Temporal SDK serves Prometheus metrics. Unset: off. */
  WORKER_METRICS_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, { error: 'must be host:port' })
    .optional(),
  /** SMTP server for notification e-mail. Unset: no e-mail (in-app notifications only); `npm start` then uses its local mail capture. */
  SMTP_HOST: z
    .string()
    .regex(/^[^\s/]+$/, { error: 'must be a host name or IP address' })
    .optional(),
  SMTP_PORT: port.default(587),
  /** TLS from the first byte (port 465); false: plain, upgraded with STARTTLS when the server offers it. */
  SMTP_SECURE: booleanFlag.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** Sender of notification e-mail: an address, optionally as `Name <address>`. */
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^([^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, { error: 'must be an e-mail address, optionally as "Name <address>"' })
    .default('Bildungsbüro <no-reply@localhost>'),
  /** How often the worker's mail dispatcher looks for mail to send (it is also woken at once by notifications created in the worker). */
  MAIL_POLL_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(10).max(3_600_000).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface TemporalConfig {
  address?: string;
  namespace: string;
  taskQueue: string;
  tls: false | { certPath?: string; keyPath?: string; caPath?: string; serverName?: string };
  apiKey?: string;
}

export interface MailConfig {
  /** Unset: e-mail is off and notifications are in-app only. */
  smtp?: { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };
  from: string;
  pollMs: number;
}

export interface Config {
  port: number;
  host: string;
  publicUrl?: string;
  temporal: TemporalConfig;
  temporalPort: number;
  mongodbUri?: string;
  mongoPort: number;
  dataDir: string;
  demoPassword: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  attachmentMaxBytes: number;
  /** Largest statistics file accepted for import. */
  importMaxBytes: number;
  metricsPort?: number;
  workerMetricsAddress?: string;
  mail: MailConfig;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Configuration error: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as most shells and .env files mean them.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'is invalid');
  }
  const e = parsed.data;
  const certPair = [e.TEMPORAL_TLS_CERT_PATH, e.TEMPORAL_TLS_KEY_PATH].filter(Boolean).length;
  if (certPair === 1) {
    throw new ConfigError(e.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH', 'must be set together with its pair for mTLS');
  }
  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASSWORD)) {
    throw new ConfigError(e.SMTP_USER ? 'SMTP_PASSWORD' : 'SMTP_USER', 'must be set together with its pair for SMTP authentication');
  }
  const tlsWanted = e.TEMPORAL_TLS || certPair === 2 || Boolean(e.TEMPORAL_TLS_CA_PATH) || Boolean(e.TEMPORAL_API_KEY);
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: tlsWanted
        ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH, caPath: e.TEMPORAL_TLS_CA_PATH, serverName: e.TEMPORAL_TLS_SERVER_NAME }
        : false,
      apiKey: e.TEMPORAL_API_KEY,
    },
    temporalPort: e.TEMPORAL_PORT,
    mongodbUri: e.MONGODB_URI,
    mongoPort: e.MONGO_PORT,
    dataDir: path.resolve(e.DATA_DIR),
    demoPassword: e.DEMO_PASSWORD,
    sessionTtlMs: e.SESSION_TTL_HOURS * 60 * 60 * 1000,
    cookieSecure: e.COOKIE_SECURE,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    metricsPort: e.METRICS_PORT,
    workerMetricsAddress: e.WORKER_METRICS_ADDRESS,
    mail: {
      smtp: e.SMTP_HOST
        ? {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE,
            ...(e.SMTP_USER && e.SMTP_PASSWORD ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASSWORD } } : {}),
          }
        : undefined,
      from: e.MAIL_FROM,
      pollMs: e.MAIL_POLL_MS,
    },
    logLevel: e.LOG_LEVEL,
  };
}

const EMBEDDED_HINT = 'is required here (or use `npm start` for the embedded stack)';

export function requireTemporalAddress(config: Config): string {
  if (!config.temporal.address) throw new ConfigError('TEMPORAL_ADDRESS', EMBEDDED_HINT);
  return config.temporal.address;
}

export function requireMongoUri(config: Config): string {
  if (!config.mongodbUri) throw new ConfigError('MONGODB_URI', EMBEDDED_HINT);
  return config.mongodbUri;
}
