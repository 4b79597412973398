import { startTestStack, type TestStack } from '../support/stack';
import { act, createMandate, demoUsers, type DemoUsers } from '../factories';

let stack: TestStack;
let u: DemoUsers;

beforeAll(async () => {
  stack = await startTestStack({ env: { METRICS_PORT: '0' } });
  u = await demoUsers(stack.baseUrl);
});
afterAll(() => stack?.stop());

describe('GET /metrics on the metrics port', () => {
  it('counts requests by route pattern and actions by status, and is not served on the API port', async () => {
    const m = await createMandate(u);
    expect((await act(u.lead, m.id, 'submit-dossier')).status).toBe(409);
    expect((await act(u.lead, m.id, 'submit')).status).toBe(200);
    expect((await u.lead.get(`/api/regions/demo/mandates/${m.id}`)).status).toBe(200);

    const text = await (await fetch(`http://127.0.0.1:${stack.api.metricsPort}/metrics`)).text();
    expect(text).toMatch(/^mandate_actions_total\{action="submit-dossier",status="409"\} 1$/m);
    expect(text).toMatch(/^mandate_actions_total\{action="submit",status="200"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/api\/regions\/:regionId\/mandates",status="201"\} 1$/m);
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="GET",route="\/api\/regions\/:regionId\/mandates\/:mandateId",status="200"\} 1$/m);
    expect(text).not.toContain(m.id);
    expect(text).not.toContain('"/api/regions/demo');
    expect(text).toMatch(/^process_resident_memory_bytes /m);

    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(404);
  });
});
