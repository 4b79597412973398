import fs from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.mandateEngineTestServers;
  if (!servers) return;
  globalThis.mandateEngineTestServers = undefined;
  await Promise.all(servers.handles.map((handle) => handle.stop()));
  await fs.rm(servers.dir, { recursive: true, force: true });
}
