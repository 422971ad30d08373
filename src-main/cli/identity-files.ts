import { z } from 'zod';
import { badInput } from '../../src-shared/errors';
import { IdentityIndex, type IdentityUser, type IncomingIdentity } from '../../src-shared/resolver';
import { readJsonFile } from '../services/files';

const nullableString = z.string().nullable().optional();

const usersSchema = z.array(
  z.looseObject({
    id: z.union([z.string().min(1), z.number().transform(String)]),
    email: nullableString,
    externalId: nullableString,
    deprecatedExternalIds: z.array(z.string()).optional(),
    companyId: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  }),
);

// Incoming rows carry a payload too (a note, attributes); only the identity is checked.
const incomingSchema = z.array(z.looseObject({ externalId: nullableString, email: nullableString }));

function parseWith<S extends z.ZodType>(schema: S, value: unknown, file: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') || '(top level)';
  throw badInput('bad_json_shape', `${file}: ${path}: ${issue.message}`);
}

/** USERS.json of `rekey resolve` / `renames check` (SPEC §9), checked for shape and uniqueness. */
export function readUsersFile(file: string): IdentityUser[] {
  const users = parseWith(usersSchema, readJsonFile(file), file).map(
    (u): IdentityUser => ({
      id: u.id,
      ...(u.email != null ? { email: u.email } : {}),
      ...(u.externalId != null ? { externalId: u.externalId } : {}),
      deprecatedExternalIds: u.deprecatedExternalIds ?? [],
      ...(u.companyId != null ? { companyId: u.companyId } : {}),
    }),
  );
  try {
    new IdentityIndex(users);
  } catch (e) {
    throw badInput('bad_users', `${file}: ${(e as Error).message}`);
  }
  return users;
}

export function readIncomingFile(file: string): IncomingIdentity[] {
  return parseWith(incomingSchema, readJsonFile(file), file).map((row) => ({ externalId: row.externalId ?? null, email: row.email ?? null }));
}
