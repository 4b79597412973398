import { readFileSync } from 'node:fs';
import type { TemporalConfig } from './index';

/** Connection options shared by the client (API) and the native connection (worker). */
export function temporalConnectionOptions(config: TemporalConfig, address: string) {
  const tls = config.tls
    ? {
        serverNameOverride: config.tls.serverName,
        serverRootCACertificate: config.tls.caPath ? readFileSync(config.tls.caPath) : undefined,
        clientCertPair:
          config.tls.certPath && config.tls.keyPath ? { crt: readFileSync(config.tls.certPath), key: readFileSync(config.tls.keyPath) } : undefined,
      }
    : undefined;
  return { address, tls, apiKey: config.apiKey };
}
