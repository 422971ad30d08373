import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { badInput } from '../../src-shared/errors';

/** Reads a file the user named, with errors that name it (exit 2, SPEC §9). */
export function readTextFile(path: string): string {
  if (!existsSync(path)) throw badInput('file_not_found', `${path}: no such file`);
  if (statSync(path).isDirectory()) throw badInput('not_a_file', `${path}: is a folder, not a file`);
  return readFileSync(path, 'utf8');
}

/** Parses JSON naming the file, line and column of the first error. */
export function readJsonFile(path: string): unknown {
  const text = readTextFile(path).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      throw badInput('invalid_json', `${path}:${line}:${column}: invalid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`);
    }
    throw badInput('invalid_json', `${path}: invalid JSON (${message})`);
  }
}

/**
 * Writes a whole file or nothing: a temporary sibling, flushed, then renamed over the
 * target, so a crash or a full disk never leaves a half-written export.
 */
export function writeFileAtomic(path: string, content: string): void {
  if (!existsSync(dirname(path))) throw badInput('bad_path', `${path}: folder ${dirname(path)} does not exist`);
  const tmp = `${path}.${process.pid}.partial`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    writeSync(fd, content);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}
