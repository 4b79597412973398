// Needs no servers: the routers are built with a stand-in context (they touch it only per request),
// and their routes are read from the Express layers.
import { boardRouters } from '../../api/board';
import type { ApiContext } from '../../api/context';
import { buildOpenApi } from '../../api/openapi';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

const PREFIX = '/api/regions/{regionId}';
const BOARD_PATHS = /^\/api\/regions\/\{regionId\}\/(board|votes|meetings|decisions|implementation-report)(\/|\.|$)/;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** `get /api/regions/{regionId}/votes/{voteId}` for each route of the router and the routers it mounts (all at its own path). */
function routesOf(stack: Layer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = `${PREFIX}${layer.route.path.replace(/:(\w+)/g, '{$1}')}`;
      return Object.keys(layer.route.methods).map((method) => `${method.toLowerCase()} ${path}`);
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

const fakeContext = { temporal: {}, config: { temporal: { taskQueue: 'test' } }, models: {} } as unknown as ApiContext;
const routes = routesOf((boardRouters(fakeContext) as unknown as { stack: Layer[] }).stack);
const document = buildOpenApi();
const paths = document.paths as Record<string, Record<string, any>>;
// Comments and attachments of meetings (`/meetings/{targetId}/…`) are served by their own routers.
const described = Object.entries(paths)
  .filter(([path]) => BOARD_PATHS.test(path) && !path.includes('{targetId}'))
  .flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => `${method} ${path}`));

describe('OpenAPI document of the board', () => {
  it('finds the routes of all four board routers', () => {
    expect(routes).toEqual(
      expect.arrayContaining([
        `put ${PREFIX}/board`,
        `post ${PREFIX}/votes/{voteId}/show-of-hands`,
        `get ${PREFIX}/meetings/{meetingId}/ics`,
        `patch ${PREFIX}/decisions/{decisionId}/items/{itemId}`,
        `get ${PREFIX}/implementation-report.pdf`,
      ]),
    );
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('describes every route registered on the board routers', () => {
    expect(routes.filter((route) => !described.includes(route))).toEqual([]);
  });

  it('describes no board path that has no route', () => {
    expect(described.filter((operation) => !routes.includes(operation))).toEqual([]);
  });

  it('gives every board operation outside meetings an operationId, a summary, its success status and 401', () => {
    const operations = described.filter((operation) => !operation.includes('/meetings'));
    for (const operation of operations) {
      const [method, path] = operation.split(' ') as [string, string];
      const spec = paths[path]![method];
      expect({ operation, operationId: typeof spec.operationId, summary: typeof spec.summary }).toEqual({
        operation,
        operationId: 'string',
        summary: 'string',
      });
      expect(Object.keys(spec.responses)).toEqual(
        expect.arrayContaining([method === 'post' && /\/(votes|corrections|items)$/.test(path) ? '201' : '200', '401']),
      );
    }
  });

  it('has unique operationIds across the document', () => {
    const ids = Object.values(paths).flatMap((item) => METHODS.map((method) => item[method]?.operationId).filter(Boolean));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('generates request bodies and query parameters from the routers’ zod schemas', () => {
    const body = (path: string, method = 'post') => paths[`${PREFIX}${path}`]![method].requestBody.content['application/json'].schema;
    expect(body('/votes').required).toEqual(['subject', 'ballot', 'mode']);
    expect(body('/votes/{voteId}/ballot').properties.choice.enum).toEqual(['yes', 'no', 'abstain', 'option', 'revise', 'reject']);
    expect(body('/votes/{voteId}/extend').required).toEqual(['deadline']);
    expect(body('/board', 'put').properties.tie.enum).toEqual(['fails', 'chair_casting']);
    expect(body('/decisions/{decisionId}/corrections').required).toEqual(['reason']);
    expect(body('/decisions/{decisionId}/items').required).toEqual(['title', 'responsibleId', 'dueDate']);
    const listParams = paths[`${PREFIX}/votes`]!.get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(['regionId', 'status', 'waiting', 'meetingId', 'mandateId']);
    const pdf = paths[`${PREFIX}/decisions/{decisionId}/pdf`]!.get;
    expect(pdf.parameters.find((p: { name: string }) => p.name === 'lang').schema.enum).toEqual(['de', 'en']);
    expect(Object.keys(pdf.responses[200].content)).toEqual(['application/pdf']);
  });

  it('names the domain conflict codes', () => {
    const conflict = (path: string) => paths[`${PREFIX}${path}`]!.post.responses[409].description as string;
    expect(conflict('/votes/{voteId}/ballot')).toEqual(expect.stringMatching(/vote_not_open.*recused.*member_voted_already/));
    expect(conflict('/decisions/{decisionId}/corrections')).toContain('decision_corrected');
  });
});
