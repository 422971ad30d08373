import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ServiceContext } from '../services/context';
import { addUpload, findDownload, newUploadPlace, releaseDownload, requireReadableSize } from '../services/file-transfers';

type Send = (res: ServerResponse, status: number, body: unknown) => void;
const refusal = (code: string, message: string) => ({ ok: false, error: { code, message } });

/**
 * POST /upload?name=FILE (behind the per-launch secret, checked before this runs): the
 * request body is streamed to a temporary file main owns, never held whole here or in
 * the renderer. Only an octet-stream body with its length is taken: such a body cannot
 * be posted cross-site without a preflight, and a body cut off before its length is
 * refused and its partial file removed, so half a file is never previewed.
 */
export async function receiveUpload(ctx: ServiceContext, req: IncomingMessage, res: ServerResponse, send: Send, name: string): Promise<void> {
  // The name is only shown and given to downloads made from it: never a folder in it.
  const fileName = name.replace(/^.*[\\/]/, '');
  if (req.method !== 'POST') return send(res, 405, refusal('method', 'POST only'));
  if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) return send(res, 415, refusal('content_type', 'application/octet-stream only'));
  if (!fileName || fileName.length > 500) return send(res, 400, refusal('bad_name', 'An upload names its file (?name=…, up to 500 characters)'));
  const declared = Number(req.headers['content-length']);
  if (req.headers['content-length'] === undefined || !Number.isSafeInteger(declared) || declared < 0) {
    return send(res, 411, refusal('length_required', `${fileName}: the upload must say its length`));
  }
  try {
    requireReadableSize(fileName, declared);
  } catch (e) {
    // Answered at once, and the connection closed: a body past the limit is not read through.
    res.setHeader('Connection', 'close');
    req.resume();
    return send(res, 413, refusal('file_too_large', (e as Error).message));
  }
  const place = newUploadPlace(ctx);
  let received = 0;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > declared ? new Error('longer than its declared length') : null, chunk);
    },
  });
  try {
    await pipeline(req, count, createWriteStream(place.partial, { flags: 'wx' }));
    if (received !== declared) throw new Error(`cut off after ${received} of ${declared} bytes`);
    renameSync(place.partial, place.path);
  } catch (e) {
    rmSync(place.partial, { force: true });
    if (!res.writableEnded && !res.destroyed) send(res, 400, refusal('upload_incomplete', `${fileName}: the upload did not arrive whole (${(e as Error).message}); choose the file again`));
    return;
  }
  const upload = addUpload(ctx, { id: place.id, path: place.path, fileName, size: received, owned: true });
  send(res, 200, { ok: true, value: { upload: upload.id, fileName, size: received } });
}

/**
 * GET /download/ID (behind the secret): a file main wrote, streamed from disk as an
 * attachment and removed once sent whole.
 */
export function sendDownload(ctx: ServiceContext, res: ServerResponse, send: Send, id: string): void {
  const download = findDownload(ctx, id);
  if (!download) return send(res, 404, refusal('download_gone', 'This file is no longer held by Rekey; ask for it again'));
  res.writeHead(200, {
    'Content-Type': download.type,
    'Content-Length': String(download.bytes),
    'Content-Disposition': `attachment; filename="${download.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
  });
  pipeline(createReadStream(download.path), res).then(
    () => releaseDownload(ctx, id),
    // A download cancelled half-way keeps its file: the person may ask again until a newer one replaces it.
    () => undefined,
  );
}
