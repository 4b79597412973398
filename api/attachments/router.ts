import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import cookieParser from 'cookie-parser';
import express, { Router, type Request, type Response } from 'express';
import { assertContentMatches, contentDisposition, parseAttachmentType, parseFileName } from '../../domain/attachments';
import { AppError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../domain/errors';
import { assertCanDeleteAttachment } from '../../domain/policies/attachment-policy';
import { deleteAttachment, findAttachment, listAttachments, readAttachmentContent, storeAttachment, type AttachmentRecord } from '../../store/attachments';
import { TARGET_KINDS, findTarget } from '../../store/targets';
import { isRecused, matterOf } from '../../store/recusals';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { attachmentHref, presentAttachment } from '../presenters/attachment';
import { loadTarget, regionOf } from '../targets';

const formatBytes = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`);

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The file is larger than the limit of ${formatBytes(maxBytes)}.`, [
    { field: 'body', code: 'too_big', message: `must be at most ${formatBytes(maxBytes)}`, params: { maximum: maxBytes } },
  ]);
}

/**
 * Buffers the whole upload (up to the limit), so it can be checked completely
 * before anything is stored. Content-Encoding is refused: the limit must count
 * the bytes that are stored, not compressed ones.
 */
export function uploadReader(maxBytes: number): (req: Request, res: Response) => Promise<Buffer> {
  const parse = express.raw({ type: () => true, limit: maxBytes, inflate: false });
  return (req, res) =>
    new Promise((resolve, reject) => {
      if (Number(req.get('content-length') ?? 0) > maxBytes) return reject(tooLarge(maxBytes));
      parse(req, res, (error?: unknown) => {
        const type = (error as { type?: string } | undefined)?.type;
        if (type === 'entity.too.large') return reject(tooLarge(maxBytes));
        if (type === 'encoding.unsupported') {
          return reject(
            new UnsupportedMediaTypeError('unsupported_content_encoding', 'Send the file without Content-Encoding.', [
              { field: 'Content-Encoding', code: 'not_allowed', message: 'must be absent or identity' },
            ]),
          );
        }
        if (error) return reject(error);
        resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      });
    });
}

/** Whether the client went away mid-download: nothing to report to anyone. */
const isClientGone = (error: unknown) => (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';

/**
 * Attachments of tasks and mandates: list and upload per target, download and
 * delete by id. Mounted at /regions/:regionId BEFORE the API's JSON parser,
 * because an upload is a raw body of any declared type (a file sent as
 * application/json must reach the allow-list, not the JSON parser). That is
 * also before the API's cookie parser, so it parses cookies itself. Each route
 * authenticates itself, so other paths below the region pass through untouched.
 */
/** `X-Confidential: true` marks a confidential paper; absent or `false`: an ordinary one. */
function parseConfidential(header: string | undefined): boolean {
  if (header === undefined || header === 'false') return false;
  if (header === 'true') return true;
  throw new ValidationError([{ field: 'X-Confidential', code: 'invalid_value', message: 'must be true or false' }]);
}

export function attachmentsRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const auth = [cookieParser(), authenticate(ctx)];
  const readUpload = uploadReader(ctx.config.attachmentMaxBytes);

  async function loadAttachment(regionId: string, attachmentId: string): Promise<AttachmentRecord> {
    const attachment = await findAttachment(ctx.models, attachmentId);
    if (!attachment || attachment.regionId !== regionId) throw new NotFoundError(`No attachment '${attachmentId}' in region '${regionId}'.`);
    return attachment;
  }

  for (const kind of TARGET_KINDS) {
    const path = `/${kind}s/:targetId/attachments`;

    router.get(path, ...auth, async (req, res) => {
      const actor = actorInRegion(callerOf(res), regionOf(req));
      const target = await loadTarget(ctx.models, regionOf(req), { kind, id: req.params.targetId as string });
      const items = await listAttachments(ctx.models, target);
      res.json({ items: items.map((attachment) => presentAttachment(attachment, actor)) });
    });

    router.post(path, ...auth, async (req, res) => {
      const actor = actorInRegion(callerOf(res), regionOf(req));
      const target = await loadTarget(ctx.models, regionOf(req), { kind, id: req.params.targetId as string });
      // Everything that can be judged from the headers is judged before the body is read.
      const fileName = parseFileName(req.get('x-file-name'));
      const contentType = parseAttachmentType(req.get('content-type'));
      const confidential = parseConfidential(req.get('x-confidential'));
      // Confidential means closed to those recused from the matter: only a mandate's papers (and its tasks') have one.
      if (confidential && !target.mandateId) {
        throw new ValidationError([{ field: 'X-Confidential', code: 'no_matter', message: 'only papers of a mandate or of its tasks can be confidential' }]);
      }
      const content = await readUpload(req, res);
      if (content.length === 0) throw new ValidationError([{ field: 'body', code: 'empty', message: 'the file is empty' }]);
      assertContentMatches(contentType, content);
      const attachment = await storeAttachment(ctx.models, {
        target,
        fileName,
        contentType,
        content,
        confidential,
        uploadedBy: { id: actor.id, name: actor.name },
      });
      res.status(201).location(attachmentHref(attachment)).json(presentAttachment(attachment, actor));
    });
  }

  router.get('/attachments/:attachmentId', ...auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const attachment = await loadAttachment(regionOf(req), req.params.attachmentId as string);
    // A member recused from the matter (Befangenheit) does not see its confidential papers.
    if (attachment.confidential) {
      const mandateId = attachment.target.kind === 'mandate' ? attachment.target.id : (await findTarget(ctx.models, attachment.target))?.mandateId;
      if (mandateId && (await isRecused(ctx.models, matterOf({ mandateId }), actor.id))) {
        throw new AppError('recused', 403, 'You are recused from this matter, so its confidential papers are closed to you.');
      }
    }
    const text = attachment.contentType.startsWith('text/');
    res.status(200).set({
      // Text was checked to be UTF-8 on upload.
      'Content-Type': text ? `${attachment.contentType}; charset=utf-8` : attachment.contentType,
      'Content-Length': String(attachment.size),
      'Content-Disposition': contentDisposition(attachment.fileName),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      // Should a browser render it after all, it runs nothing and loads nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    try {
      await pipeline(Readable.from(readAttachmentContent(ctx.models, attachment)), res);
    } catch (error) {
      if (isClientGone(error)) return;
      // Nothing sent yet: the error handler's problem must not carry the file's headers.
      if (!res.headersSent) for (const header of ['Content-Length', 'Content-Disposition', 'Content-Type']) res.removeHeader(header);
      throw error;
    }
  });

  router.delete('/attachments/:attachmentId', ...auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const attachment = await loadAttachment(regionOf(req), req.params.attachmentId as string);
    assertCanDeleteAttachment(actor, attachment);
    await deleteAttachment(ctx.models, attachment.id);
    res.status(204).end();
  });

  return router;
}
