import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { badInput } from '../../src-shared/errors';
import { readFileBytes } from '../csv/decode';
import { jsonShapeProblem, lineColumnAt } from './json-shape';

/** Reads a file the user named, with errors that name it (exit 2, SPEC §9), up to the size limit. */
export function readTextFile(path: string): string {
  return readFileBytes(path).toString('utf8');
}

/** Parses JSON naming the file, line and column of the first error. */
export function readJsonFile(path: string): unknown {
  return parseJsonText(readTextFile(path), path);
}

/** Refuses JSON text past JSON_LIMITS (a string too long, nesting too deep), naming the file, line and column. */
export function requireJsonShape(body: string, path: string): void {
  const over = jsonShapeProblem(body);
  if (!over) return;
  const { line, column } = lineColumnAt(body, over.at);
  throw badInput('json_too_large', `${path}:${line}:${column}: ${over.message}`);
}

/** Parses JSON text from the file `path` (the app sends the text), within JSON_LIMITS. */
export function parseJsonText(text: string, path: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  requireJsonShape(body, path);
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    if (at) {
      const { line, column } = lineColumnAt(body, Number(at[1]));
      throw badInput('invalid_json', `${path}:${line}:${column}: invalid JSON (${message.replace(/ in JSON at position \d+.*$/, '').replace(/,? ".*" is not valid JSON$/, '')})`);
    }
    throw badInput('invalid_json', `${path}: invalid JSON (${message})`);
  }
}

/**
 * Writes a whole file or nothing: a temporary sibling, flushed, then renamed over the
 * target, so a crash or a full disk never leaves a half-written export.
 */
export function writeFileAtomic(path: string, content: string): void {
  writePartsAtomic(path, [content]);
}

/**
 * As writeFileAtomic, from parts written as they come: a plan of a million rows is
 * never one string in memory.
 */
export function writePartsAtomic(path: string, parts: Iterable<string>): void {
  if (!existsSync(dirname(path))) throw badInput('bad_path', `${path}: folder ${dirname(path)} does not exist`);
  const tmp = `${path}.${process.pid}.partial`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    for (const part of parts) writeSync(fd, part);
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
