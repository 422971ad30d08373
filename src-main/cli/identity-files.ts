import { z } from 'zod';
import { badInput } from '../../src-shared/errors';
import { IdentityIndex, type IdentityUser, type IncomingIdentity } from '../../src-shared/resolver';
import { readJsonFile } from '../services/files';

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

/**
 * USERS.json of `rekey resolve` / `renames check` (SPEC §9), checked for shape and, unless
 * the caller checks it itself while indexing (`rekey resolve`), for uniqueness.
 */
export function readUsersFile(file: string, options: { checkUnique?: boolean } = {}): IdentityUser[] {
  const users = readArray(file, userSchema, (u): IdentityUser => {
    const user: IdentityUser = { id: u.id, deprecatedExternalIds: u.deprecatedExternalIds ?? [] };
    if (u.email != null) user.email = u.email;
    if (u.externalId != null) user.externalId = u.externalId;
    if (u.companyId != null) user.companyId = u.companyId;
    return user;
  });
  if (options.checkUnique !== false) checkUsers(file, () => new IdentityIndex(users));
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

export function readIncomingFile(file: string): IncomingIdentity[] {
  return readArray(file, incomingSchema, (row): IncomingIdentity => ({ externalId: row.externalId ?? null, email: row.email ?? null }));
}
