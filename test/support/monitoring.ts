import type { ApiClient, Reply } from './http';

export const indicatorPath = (key: string, region = 'demo') => `/api/regions/${region}/indicators/${key}`;

/** A region's own indicator, unique per test so that values of other tests never mix in. */
export function customIndicator(key: string, overrides: Record<string, unknown> = {}) {
  return {
    key,
    area: 'early-childhood',
    name: { de: `Testindikator ${key}`, en: `Test indicator ${key}` },
    definition: { de: 'Anteil zum Testen', en: 'A share for testing' },
    unit: 'percent',
    decimals: 1,
    source: 'Testamt',
    breakdowns: ['sex'],
    higherIsBetter: true,
    ...overrides,
  };
}

export async function mustCreateIndicator(lead: ApiClient, key: string, overrides: Record<string, unknown> = {}, region = 'demo') {
  const reply = await lead.post(`/api/regions/${region}/indicators`, customIndicator(key, overrides));
  if (reply.status !== 201) throw new Error(`create indicator → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Enters a value by hand; fails the test with the problem when refused. */
export async function mustEnterValue(client: ApiClient, key: string, entry: Record<string, unknown>, region = 'demo') {
  const reply = await client.post(`${indicatorPath(key, region)}/values`, { source: 'Testamt', ...entry });
  if (reply.status !== 201) throw new Error(`enter value → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Uploads a file for import, its bytes as they are; returns the reply (a preview or a problem). */
export async function upload(
  client: ApiClient,
  fileName: string,
  content: Buffer | string,
  { region = 'demo', taskId, contentType = 'text/csv' }: { region?: string; taskId?: string; contentType?: string } = {},
): Promise<Reply> {
  const query = new URLSearchParams({ fileName, ...(taskId ? { taskId } : {}) });
  const response = await fetch(`${client.baseUrl}/api/regions/${region}/imports?${query.toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': contentType },
    body: new Uint8Array(typeof content === 'string' ? Buffer.from(content, 'utf8') : content),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text,
    headers: response.headers,
  };
}
