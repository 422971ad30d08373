import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { badInput } from '../../src-shared/errors';
import { formatBytes, formatCount } from '../../src-shared/text/short-line';
import { READ_LIMITS } from '../csv/csv-limits';
import type { ServiceContext } from './context';
import { writePartsAtomic } from './files';

/**
 * Files that cross between the person's disk and main without passing through the
 * renderer as one string. An upload is a file the person chose or dropped: in browser
 * mode its bytes were streamed to a temporary file this process owns, in Electron it is
 * the person's own file, named by its path (never deleted). A download is a file main
 * wrote (a plan CSV, a report) for the renderer to fetch as an attachment or for the
 * Electron shell to save where the person chooses. Contract calls name them by id.
 */
export interface Upload {
  id: string;
  path: string;
  /** The name the person knows the file by: errors and the preview say it. */
  fileName: string;
  size: number;
  /** Whether the file is ours to delete (a streamed copy), not the person's own. */
  owned: boolean;
}

export interface Download {
  id: string;
  path: string;
  fileName: string;
  type: string;
  bytes: number;
}

interface Transfers {
  dir?: string;
  uploads: Map<string, Upload>;
  downloads: Map<string, Download>;
}

/** How many of each are kept at most: an old one is removed when a newer one comes, so the temporary folder stays bounded. */
export const KEPT_TRANSFERS = 4;

const all = new WeakMap<ServiceContext, Transfers>();

function transfers(ctx: ServiceContext): Transfers {
  let t = all.get(ctx);
  if (!t) all.set(ctx, (t = { uploads: new Map(), downloads: new Map() }));
  return t;
}

/** The folder this process writes uploads and downloads in, made on first need and removed at close. */
export function transferDir(ctx: ServiceContext): string {
  const t = transfers(ctx);
  if (!t.dir) {
    removeLeftTransfers();
    t.dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  }
  return t.dir;
}

const DIR_PREFIX = 'rekey-files-';

/**
 * A process that died (a crash, a kill) could not remove its folder: the next one does,
 * telling them by the pid in the name. A folder whose pid is alive, or whose owner
 * cannot be asked, is left alone.
 */
export function removeLeftTransfers(root = tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^rekey-files-(\d+)-/.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, another user's.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

const newId = () => randomBytes(12).toString('base64url');

/** A place for an upload being streamed in: written as `partial`, renamed to `path` only once whole. */
export function newUploadPlace(ctx: ServiceContext): { id: string; partial: string; path: string } {
  const id = newId();
  const path = join(transferDir(ctx), `upload-${id}`);
  return { id, partial: `${path}.partial`, path };
}

/** Refuses a file larger than a reader takes, naming it, before any of it is read or kept. */
export function requireReadableSize(fileName: string, size: number): void {
  if (size > READ_LIMITS.fileBytes) throw badInput('file_too_large', `${fileName}: a file of ${formatCount(size)} bytes, larger than the ${formatBytes(READ_LIMITS.fileBytes)} limit`);
}

/** Keeps an upload whole on disk under its id; the oldest beyond KEPT_TRANSFERS goes. */
export function addUpload(ctx: ServiceContext, upload: Omit<Upload, 'id'> & { id?: string }): Upload {
  const t = transfers(ctx);
  const kept: Upload = { ...upload, id: upload.id ?? newId() };
  t.uploads.set(kept.id, kept);
  while (t.uploads.size > KEPT_TRANSFERS) releaseUpload(ctx, t.uploads.keys().next().value!);
  return kept;
}

/** Electron: the person's own file by its path (from the file they chose or dropped); main reads it, nothing is copied. */
export function registerLocalFile(ctx: ServiceContext, path: string): Upload {
  if (!path) throw badInput('no_path', 'This file has no place on disk to read it from; save it to a folder and choose it there');
  const fileName = basename(path);
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw badInput('not_a_file', `${fileName}: is a folder, not a file`);
    size = stat.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw badInput('file_not_found', `${fileName}: no such file`);
    throw e;
  }
  requireReadableSize(fileName, size);
  return addUpload(ctx, { path, fileName, size, owned: false });
}

export function requireUpload(ctx: ServiceContext, id: string): Upload {
  const upload = transfers(ctx).uploads.get(id);
  if (!upload) throw badInput('upload_gone', 'The chosen file is no longer held by Rekey; choose it again');
  return upload;
}

/** An upload's bytes, read in main (the renderer never held them). */
export function uploadBytes(ctx: ServiceContext, id: string): { bytes: Buffer; fileName: string } {
  const upload = requireUpload(ctx, id);
  try {
    // Checked again: the person's own file may have grown since it was chosen.
    requireReadableSize(upload.fileName, statSync(upload.path).size);
    return { bytes: readFileSync(upload.path), fileName: upload.fileName };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw badInput('file_not_found', `${upload.fileName}: no such file any more`);
    throw e;
  }
}

/** Forgets an upload, deleting it when it is a copy this process made. */
export function releaseUpload(ctx: ServiceContext, id: string): void {
  const t = transfers(ctx);
  const upload = t.uploads.get(id);
  if (!upload) return;
  t.uploads.delete(id);
  if (upload.owned) rmSync(upload.path, { force: true });
}

/** Writes a download whole (a temporary sibling renamed over it) from parts, never one string. */
export function addDownload(ctx: ServiceContext, file: { fileName: string; type: string; parts: Iterable<string> }): Download {
  const t = transfers(ctx);
  const id = newId();
  const path = join(transferDir(ctx), `download-${id}`);
  writePartsAtomic(path, file.parts);
  const download: Download = { id, path, fileName: file.fileName, type: file.type, bytes: statSync(path).size };
  t.downloads.set(id, download);
  while (t.downloads.size > KEPT_TRANSFERS) releaseDownload(ctx, t.downloads.keys().next().value!);
  return download;
}

export function findDownload(ctx: ServiceContext, id: string): Download | undefined {
  return transfers(ctx).downloads.get(id);
}

export function releaseDownload(ctx: ServiceContext, id: string): void {
  const t = transfers(ctx);
  const download = t.downloads.get(id);
  if (!download) return;
  t.downloads.delete(id);
  rmSync(download.path, { force: true });
}

/** Electron's save: the download copied whole to where the person chose (a partial sibling renamed), then forgotten. */
export function saveDownloadAs(ctx: ServiceContext, id: string, target: string): void {
  const download = findDownload(ctx, id);
  if (!download) throw badInput('download_gone', 'This file is no longer held by Rekey; ask for it again');
  const partial = `${target}.${process.pid}.partial`;
  try {
    copyFileSync(download.path, partial);
    // On disk before it takes the chosen name, as every export is (files.ts).
    const fd = openSync(partial, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, target);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  releaseDownload(ctx, id);
}

/** At close: every upload and download this process made is removed with its folder. */
export function closeTransfers(ctx: ServiceContext): void {
  const t = all.get(ctx);
  if (!t) return;
  all.delete(ctx);
  if (t.dir) rmSync(t.dir, { recursive: true, force: true });
}
