import { createHash } from 'node:crypto';
import { startTestStack, type TestStack } from '../support/stack';
import { ApiClient } from '../support/http';
import { createMandate, demoUsers, mandatePath, taskPath, type DemoUsers } from '../factories';
import { pngOfSize, samplePdf, SAMPLE_PNG } from '../fixtures/files';
import { CHUNK_SIZE, countAttachments, purgeIncompleteAttachments } from '../../store/attachments';

/** A small limit, so the boundary is cheap to test; it also proves the setting is read. */
const MAX_BYTES = 1024 * 1024;
const PDF = 'application/pdf';
const PNG = 'image/png';

let stack: TestStack;
let u: DemoUsers;
let mandateId: string;
let taskId: string;

beforeAll(async () => {
  stack = await startTestStack({ env: { ATTACHMENT_MAX_BYTES: String(MAX_BYTES) } });
  u = await demoUsers(stack.baseUrl);
  mandateId = (await createMandate(u, { title: 'Anhänge' })).id;
  const task = await u.lead.post('/api/regions/demo/tasks', { title: 'Daten liefern', mandateId, dueDate: '2027-06-30' });
  if (task.status !== 201) throw new Error(`task → ${task.status}: ${JSON.stringify(task.body)}`);
  taskId = task.body.id;
});
afterAll(() => stack?.stop());

/** What the tests send: fetch takes Buffers, though its DOM typing does not say so. */
type Body = Buffer | ReadableStream<Uint8Array> | string;

interface Raw {
  status: number;
  body: any;
  bytes: Buffer;
  headers: Headers;
}

async function send(client: ApiClient | null, method: string, path: string, body?: Body, headers: Record<string, string> = {}): Promise<Raw> {
  const response = await fetch(`${stack.baseUrl}${path}`, {
    method,
    headers: { ...(client?.token ? { authorization: `Bearer ${client.token}` } : {}), ...headers },
    body: body as BodyInit | undefined,
    duplex: 'half',
  } as RequestInit);
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = /json/.test(response.headers.get('content-type') ?? '') && bytes.length > 0;
  return { status: response.status, body: json ? JSON.parse(bytes.toString('utf8')) : undefined, bytes, headers: response.headers };
}

const attachmentsOf = (path: string) => `${path}/attachments`;

function upload(client: ApiClient | null, path: string, content: Body, type: string | null, name: string | null, headers: Record<string, string> = {}) {
  return send(client, 'POST', attachmentsOf(path), content, {
    ...(type === null ? {} : { 'content-type': type }),
    ...(name === null ? {} : { 'x-file-name': encodeURIComponent(name) }),
    ...headers,
  });
}

async function mustUpload(client: ApiClient, path: string, content: Buffer, type: string, name: string) {
  const reply = await upload(client, path, content, type, name);
  if (reply.status !== 201) throw new Error(`upload → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** What is stored: metadata documents and chunk documents. */
async function stored() {
  const { Attachment, AttachmentChunk } = stack.store.models;
  const [files, chunks] = await Promise.all([Attachment.countDocuments({}), AttachmentChunk.countDocuments({})]);
  return { files, chunks };
}

function expectProblem(reply: Raw, status: number, code?: string) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ status, code: code ?? expect.any(String), detail: expect.any(String) });
  return reply.body;
}

/** Runs a refused request and proves nothing was stored. */
async function expectRefused(attempt: () => Promise<Raw>, status: number, code?: string) {
  const before = await stored();
  const body = expectProblem(await attempt(), status, code);
  expect(await stored()).toEqual(before);
  return body;
}

describe('POST …/attachments and GET …/attachments/:id', () => {
  it('when a member uploads a PDF to a mandate, then 201, it is listed, and the download is byte-identical with safe headers', async () => {
    const pdf = samplePdf('Sitzungsprotokoll');
    const name = 'Protokoll Sitzung "März" (final).pdf';
    const reply = await upload(u.staff, mandatePath(mandateId), pdf, PDF, name);
    expect(reply.status).toBe(201);
    const attachment = reply.body;
    expect(attachment).toEqual({
      id: expect.any(String),
      fileName: name,
      contentType: PDF,
      confidential: false,
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      uploadedBy: { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
      uploadedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      href: `/api/regions/demo/attachments/${attachment.id}`,
      allowedActions: ['delete'],
    });
    expect(reply.headers.get('location')).toBe(attachment.href);

    const list = await send(u.board[1]!, 'GET', attachmentsOf(mandatePath(mandateId)));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([{ ...attachment, allowedActions: [] }]);

    const file = await send(u.board[1]!, 'GET', attachment.href);
    expect(file.status).toBe(200);
    expect(file.bytes.equals(pdf)).toBe(true);
    expect(file.headers.get('content-type')).toBe(PDF);
    expect(file.headers.get('content-length')).toBe(String(pdf.length));
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(
      `attachment; filename="Protokoll Sitzung _M_rz_ (final).pdf"; filename*=UTF-8''Protokoll%20Sitzung%20%22M%C3%A4rz%22%20%28final%29.pdf`,
    );
  });

  it('when a PNG is attached to a task, then it round-trips byte for byte and only the task lists it', async () => {
    const attachment = await mustUpload(u.lead, taskPath(taskId), SAMPLE_PNG, PNG, 'diagramm.png');
    const file = await send(u.staff2, 'GET', attachment.href);
    expect(file.bytes.equals(SAMPLE_PNG)).toBe(true);
    expect(file.headers.get('content-type')).toBe(PNG);
    const onTask = await send(u.staff, 'GET', attachmentsOf(taskPath(taskId)));
    expect(onTask.body.items.map((a: { id: string }) => a.id)).toEqual([attachment.id]);
    const onMandate = await send(u.staff, 'GET', attachmentsOf(mandatePath(mandateId)));
    expect(onMandate.body.items.map((a: { id: string }) => a.id)).not.toContain(attachment.id);
    expect(await countAttachments(stack.store.models, 'task', [taskId, 't-none'])).toEqual(new Map([[taskId, 1]]));
  });

  it('when a file spans several chunks and is exactly at the limit, then it is stored in ≤ 255 KiB chunks and read back whole', async () => {
    const big = pngOfSize(MAX_BYTES);
    const attachment = await mustUpload(u.staff, mandatePath(mandateId), big, PNG, 'scan.png');
    const chunks = await stack.store.models.AttachmentChunk.find({ attachmentId: attachment.id }, { n: 1, data: 1 }).sort({ n: 1 }).lean();
    expect(chunks.map((c) => c.n)).toEqual([0, 1, 2, 3, 4]);
    expect(Math.ceil(MAX_BYTES / CHUNK_SIZE)).toBe(5);
    const file = await send(u.staff, 'GET', attachment.href);
    expect(file.bytes.length).toBe(MAX_BYTES);
    expect(file.bytes.equals(big)).toBe(true);
  });

  it('when text is uploaded, then it is served as UTF-8', async () => {
    const csv = Buffer.from('Schule;Abbrüche\nBBS 1;12\n');
    const attachment = await mustUpload(u.staff, mandatePath(mandateId), csv, 'text/csv; charset=utf-8', 'abbrüche.csv');
    expect(attachment.contentType).toBe('text/csv');
    const file = await send(u.staff, 'GET', attachment.href);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.bytes.equals(csv)).toBe(true);
  });
});

describe('refused uploads store nothing', () => {
  it('when the file is larger than ATTACHMENT_MAX_BYTES, then 413 naming the body', async () => {
    const body = await expectRefused(() => upload(u.staff, mandatePath(mandateId), pngOfSize(MAX_BYTES + 1), PNG, 'zu-gross.png'), 413, 'payload_too_large');
    expect(body.errors).toEqual([{ field: 'body', code: 'too_big', message: 'must be at most 1 MiB', params: { maximum: MAX_BYTES } }]);
  });

  it('when a too large file is streamed without Content-Length, then 413 too', async () => {
    const bytes = pngOfSize(MAX_BYTES + 100);
    const stream = new ReadableStream({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 64 * 1024) controller.enqueue(bytes.subarray(at, at + 64 * 1024));
        controller.close();
      },
    });
    await expectRefused(() => upload(u.staff, mandatePath(mandateId), stream, PNG, 'strom.png'), 413, 'payload_too_large');
  });

  it('when the Content-Type is not on the allow-list, then 415 naming Content-Type', async () => {
    for (const type of ['text/html', 'application/json', 'application/zip', 'image/svg+xml', null]) {
      const body = await expectRefused(() => upload(u.staff, mandatePath(mandateId), Buffer.from('{"a":1}'), type, 'datei'), 415, 'unsupported_media_type');
      expect(body.errors[0].field).toBe('Content-Type');
    }
  });

  it('when the content does not match the declared type, then 415 naming the mismatch', async () => {
    const png = await expectRefused(() => upload(u.staff, mandatePath(mandateId), SAMPLE_PNG, PDF, 'bild.pdf'), 415, 'content_type_mismatch');
    expect(png.errors).toEqual([{ field: 'body', code: 'content_type_mismatch', message: 'is not a PDF document', params: { declared: PDF } }]);
    await expectRefused(
      () => upload(u.staff, mandatePath(mandateId), Buffer.from('<html><script>alert(1)</script>'), PNG, 'x.png'),
      415,
      'content_type_mismatch',
    );
    await expectRefused(() => upload(u.staff, mandatePath(mandateId), Buffer.from('a\u0000b'), 'text/plain', 'x.txt'), 415, 'content_type_mismatch');
    await expectRefused(
      () => upload(u.staff, mandatePath(mandateId), samplePdf(), 'application/vnd.oasis.opendocument.text', 'x.odt'),
      415,
      'content_type_mismatch',
    );
  });

  it('when the body is gzip-encoded, then 415: the limit counts stored bytes', async () => {
    await expectRefused(
      () => upload(u.staff, mandatePath(mandateId), samplePdf(), PDF, 'x.pdf', { 'content-encoding': 'gzip' }),
      415,
      'unsupported_content_encoding',
    );
  });

  it('when X-File-Name is missing or not a plain file name, or the file is empty, then 422 naming the field', async () => {
    const cases: [string | null, string][] = [
      [null, 'required'],
      ['../../etc/passwd', 'invalid_characters'],
      ['a\u0007.pdf', 'invalid_characters'],
      [`${'x'.repeat(201)}`, 'too_big'],
    ];
    for (const [name, code] of cases) {
      const body = await expectRefused(() => upload(u.staff, mandatePath(mandateId), samplePdf(), PDF, name), 422, 'validation_failed');
      expect(body.errors).toEqual([expect.objectContaining({ field: 'X-File-Name', code })]);
    }
    const raw = await expectRefused(() => upload(u.staff, mandatePath(mandateId), samplePdf(), PDF, null, { 'x-file-name': '%E0%A4%A' }), 422);
    expect(raw.errors[0]).toMatchObject({ field: 'X-File-Name', code: 'invalid_encoding' });
    const empty = await expectRefused(() => upload(u.staff, mandatePath(mandateId), Buffer.alloc(0), PDF, 'leer.pdf'), 422);
    expect(empty.errors).toEqual([{ field: 'body', code: 'empty', message: 'the file is empty' }]);
  });
});

describe('authorization', () => {
  let foreignMandateId: string;
  let foreignAttachment: { id: string; href: string };
  let own: { id: string; href: string };

  beforeAll(async () => {
    const foreign = await u.otherLead.post('/api/regions/other/mandates', {
      title: 'Fremd',
      actionField: 'A',
      question: 'Q',
      goals: ['G'],
      dueDate: '2027-01-01',
    });
    foreignMandateId = foreign.body.id;
    foreignAttachment = await mustUpload(u.otherLead, mandatePath(foreignMandateId, 'other'), samplePdf('fremd'), PDF, 'fremd.pdf');
    own = await mustUpload(u.staff, mandatePath(mandateId), samplePdf('intern'), PDF, 'intern.pdf');
  });

  it('when nobody is logged in, then 401 for upload, list, download and delete', async () => {
    await expectRefused(() => upload(null, mandatePath(mandateId), samplePdf(), PDF, 'a.pdf'), 401);
    expectProblem(await send(null, 'GET', attachmentsOf(mandatePath(mandateId))), 401);
    expectProblem(await send(null, 'GET', own.href), 401);
    await expectRefused(() => send(null, 'DELETE', own.href), 401);
  });

  it('when a member of another region asks, then 403 for upload, list, download and delete', async () => {
    await expectRefused(() => upload(u.otherLead, mandatePath(mandateId), samplePdf(), PDF, 'a.pdf'), 403);
    expectProblem(await send(u.otherLead, 'GET', attachmentsOf(mandatePath(mandateId))), 403);
    const download = expectProblem(await send(u.otherChair, 'GET', own.href), 403);
    expect(JSON.stringify(download)).not.toContain('intern');
    await expectRefused(() => send(u.otherLead, 'DELETE', own.href), 403);
  });

  it('when an attachment or target of another region is addressed through this region, then 404', async () => {
    expectProblem(await send(u.lead, 'GET', `/api/regions/demo/attachments/${foreignAttachment.id}`), 404);
    await expectRefused(() => send(u.lead, 'DELETE', `/api/regions/demo/attachments/${foreignAttachment.id}`), 404);
    expectProblem(await send(u.lead, 'GET', '/api/regions/demo/attachments/a-nope'), 404);
    await expectRefused(() => upload(u.lead, mandatePath(foreignMandateId), samplePdf(), PDF, 'a.pdf'), 404);
    await expectRefused(() => upload(u.lead, mandatePath('m-nope'), samplePdf(), PDF, 'a.pdf'), 404);
    await expectRefused(() => upload(u.lead, taskPath('t-nope'), samplePdf(), PDF, 'a.pdf'), 404);
    expectProblem(await send(u.lead, 'GET', attachmentsOf(mandatePath(foreignMandateId))), 404);
    // Its own region reads it.
    expect((await send(u.otherChair, 'GET', foreignAttachment.href)).bytes.equals(samplePdf('fremd'))).toBe(true);
  });

  it('when a cookie session uploads or deletes without the CSRF header, then 403; with it, it works', async () => {
    const login = await new ApiClient(stack.baseUrl).post('/api/auth/login', { email: 'staff@demo.test', password: 'demo' });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const headers = { cookie, 'content-type': PDF, 'x-file-name': 'cookie.pdf' };
    await expectRefused(() => send(null, 'POST', attachmentsOf(mandatePath(mandateId)), samplePdf(), headers), 403);
    await expectRefused(() => send(null, 'DELETE', own.href, undefined, { cookie }), 403);
    const ok = await send(null, 'POST', attachmentsOf(mandatePath(mandateId)), samplePdf(), { ...headers, 'x-csrf-token': login.body.csrfToken });
    expect(ok.status).toBe(201);
    expect((await send(null, 'GET', ok.body.href, undefined, { cookie })).status).toBe(200);
  });
});

describe('DELETE /api/regions/:r/attachments/:id', () => {
  it('when neither the uploader nor an office lead deletes, then 403 and the file stays', async () => {
    const attachment = await mustUpload(u.staff, mandatePath(mandateId), SAMPLE_PNG, PNG, 'bleibt.png');
    for (const client of [u.staff2, u.chair, u.manager, u.admin]) {
      const body = await expectRefused(() => send(client, 'DELETE', attachment.href), 403, 'forbidden');
      expect(body.detail).toContain('uploaded');
    }
    expect((await send(u.staff2, 'GET', attachment.href)).bytes.equals(SAMPLE_PNG)).toBe(true);
  });

  it('when the uploader deletes, then 204 and its metadata and chunks are gone', async () => {
    const attachment = await mustUpload(u.staff2, taskPath(taskId), pngOfSize(600 * 1024), PNG, 'weg.png');
    expect(await stack.store.models.AttachmentChunk.countDocuments({ attachmentId: attachment.id })).toBe(3);
    expect((await send(u.staff2, 'DELETE', attachment.href)).status).toBe(204);
    expectProblem(await send(u.staff2, 'GET', attachment.href), 404);
    expect(await stack.store.models.AttachmentChunk.countDocuments({ attachmentId: attachment.id })).toBe(0);
    expect(await stack.store.models.Attachment.countDocuments({ _id: attachment.id })).toBe(0);
    expect((await send(u.staff2, 'GET', attachmentsOf(taskPath(taskId)))).body.items.map((a: { id: string }) => a.id)).not.toContain(attachment.id);
    expectProblem(await send(u.staff2, 'DELETE', attachment.href), 404);
  });

  it("when the office lead deletes someone else's file, then 204", async () => {
    const attachment = await mustUpload(u.board[1]!, mandatePath(mandateId), samplePdf(), PDF, 'beirat.pdf');
    const listed = await send(u.lead, 'GET', attachmentsOf(mandatePath(mandateId)));
    expect(listed.body.items.find((a: { id: string }) => a.id === attachment.id).allowedActions).toEqual(['delete']);
    expect((await send(u.lead, 'DELETE', attachment.href)).status).toBe(204);
    expectProblem(await send(u.board[1]!, 'GET', attachment.href), 404);
  });
});

describe('purgeIncompleteAttachments', () => {
  it('when an upload was interrupted over an hour ago or a delete half done, then its remains are removed; a fresh upload stays', async () => {
    const { Attachment, AttachmentChunk } = stack.store.models;
    const now = new Date();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000).toISOString();
    const base = {
      regionId: 'demo',
      target: { kind: 'mandate', id: mandateId },
      fileName: 'x.pdf',
      contentType: PDF,
      size: 3,
      sha256: 'x',
      chunkSize: CHUNK_SIZE,
      chunkCount: 1,
      uploadedBy: { id: 'demo-staff', name: 'S' },
    };
    await Attachment.create([
      { _id: 'a-stale', ...base, uploadedAt: hoursAgo(2), status: 'uploading' },
      { _id: 'a-fresh', ...base, uploadedAt: hoursAgo(0.1), status: 'uploading' },
      { _id: 'a-deleting', ...base, uploadedAt: hoursAgo(0.1), status: 'deleting' },
    ]);
    await AttachmentChunk.create(['a-stale', 'a-fresh', 'a-deleting'].map((id) => ({ _id: `${id}:0`, attachmentId: id, n: 0, data: Buffer.from('abc') })));
    expectProblem(await send(u.staff, 'GET', '/api/regions/demo/attachments/a-fresh'), 404);

    expect(await purgeIncompleteAttachments(stack.store.models, now)).toBe(2);
    expect((await Attachment.find({ _id: { $in: ['a-stale', 'a-fresh', 'a-deleting'] } }).lean()).map((a) => a._id)).toEqual(['a-fresh']);
    expect(await AttachmentChunk.countDocuments({ attachmentId: { $in: ['a-stale', 'a-deleting'] } })).toBe(0);
    expect(await AttachmentChunk.countDocuments({ attachmentId: 'a-fresh' })).toBe(1);
  });
});
