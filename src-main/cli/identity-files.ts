import { z } from 'zod';
import { badInput } from '../../src-shared/errors';
import { IdentityIndex, type IdentityUser, type IncomingIdentity } from '../../src-shared/resolver';
import { addIncomingRow, addUserRow, ColumnsBuilder, ROW_CELLS, USER_CELLS } from '../../src-shared/resolver/resolve-packed';
import type { TextColumns } from '../../src-shared/resolver/text-columns';
import { readJsonFile, readTextFile, requireJsonShape } from '../services/files';
import { forEachJsonArrayBatch } from './json-array-batches';

const nullableString = z.string().nullable().optional();

const userSchema = z.looseObject({
  id: z.union([z.string().min(1), z.number().transform(String)]),
  email: nullableString,
  externalId: nullableString,
  deprecatedExternalIds: z.array(z.string()).optional(),
  companyId: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
});

// Incoming rows carry a payload too (a note, attributes); only the identity is checked.
const incomingSchema = z.looseObject({ externalId: nullableString, email: nullableString });

function shapeError(file: string, issue: z.core.$ZodIssue, at: number | undefined): never {
  const path = [...(at === undefined ? [] : [at]), ...issue.path].map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') || '(top level)';
  throw badInput('bad_json_shape', `${file}: ${path}: ${issue.message}`);
}

/**
 * A JSON array checked item by item, each item replaced by its checked form as it goes: a
 * million parsed objects are never held twice over (issue 22: `rekey resolve` at 1M × 1M).
 */
function readArray<S extends z.ZodType, T>(file: string, schema: S, toItem: (value: z.output<S>) => T): T[] {
  const raw = readJsonFile(file);
  if (!Array.isArray(raw)) shapeError(file, z.array(z.unknown()).safeParse(raw).error!.issues[0]!, undefined);
  const items = raw as unknown[];
  for (let i = 0; i < items.length; i++) {
    const parsed = schema.safeParse(items[i]);
    if (!parsed.success) shapeError(file, parsed.error.issues[0]!, i);
    items[i] = toItem(parsed.data);
  }
  return items as T[];
}

/** USERS.json of `renames check` (SPEC §9), checked for shape and uniqueness. */
export function readUsersFile(file: string): IdentityUser[] {
  const users = readArray(file, userSchema, (u): IdentityUser => {
    const user: IdentityUser = { id: u.id, deprecatedExternalIds: u.deprecatedExternalIds ?? [] };
    if (u.email != null) user.email = u.email;
    if (u.externalId != null) user.externalId = u.externalId;
    if (u.companyId != null) user.companyId = u.companyId;
    return user;
  });
  checkUsers(file, () => new IdentityIndex(users));
  return users;
}

/** Runs an index build that throws on users breaking uniqueness; the throw becomes bad input naming the file. */
export function checkUsers<T>(file: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw badInput('bad_users', `${file}: ${(e as Error).message}`);
  }
}

/** Items checked per batch when a file is read into columns. */
const BATCH = 1024;

/**
 * A JSON array file read into columns (issue 22: `rekey resolve` at 1M × 1M): parsed a
 * batch of items at a time, each item checked and put into the table, so that a million
 * parsed objects are never alive at once. A file the batch reader declines (not an array,
 * not well-formed) is parsed whole, which reports its error as every JSON file's.
 */
function readTable<S extends z.ZodType>(file: string, width: number, schema: S, add: (table: ColumnsBuilder, value: z.output<S>) => void): TextColumns {
  const table = new ColumnsBuilder(width);
  const addItem = (item: unknown, at: number | undefined) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) shapeError(file, parsed.error.issues[0]!, at);
    add(table, parsed.data);
  };
  const text = readTextFile(file).replace(/^\uFEFF/, '');
  // The batch reader parses items one by one: a value past the limits is refused first, as every JSON file's is.
  requireJsonShape(text, file);
  const batched = forEachJsonArrayBatch(text, BATCH, (items, first) => items.forEach((item, k) => addItem(item, first + k)));
  if (batched) return table.finish();
  const raw = readJsonFile(file);
  if (!Array.isArray(raw)) shapeError(file, z.array(z.unknown()).safeParse(raw).error!.issues[0]!, undefined);
  const fresh = new ColumnsBuilder(width);
  (raw as unknown[]).forEach((item, i) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success) shapeError(file, parsed.error.issues[0]!, i);
    add(fresh, parsed.data);
  });
  return fresh.finish();
}

/** USERS.json as the columns `rekey resolve` reads (resolve-packed.ts); uniqueness is checked while packing them. */
export function readUsersTable(file: string): TextColumns {
  return readTable(file, USER_CELLS, userSchema, (table, u) => addUserRow(table, u));
}

/** INCOMING.json as the columns `rekey resolve` reads: each row's external id and email, trimmed. */
export function readIncomingTable(file: string): TextColumns {
  return readTable(file, ROW_CELLS, incomingSchema, (table, row) => addIncomingRow(table, row));
}

export function readIncomingFile(file: string): IncomingIdentity[] {
  return readArray(file, incomingSchema, (row): IncomingIdentity => ({ externalId: row.externalId ?? null, email: row.email ?? null }));
}
