import { z } from 'zod';
import { CONNECTION_KINDS } from '../model/connection';

/** Names are typed on command lines: short, no spaces. */
export const connectionName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", up to 64, starting with a letter or digit');

export const connectionKind = z.enum(CONNECTION_KINDS);

// src-shared has no URL class (no DOM, no Node): a plain pattern for http(s) with a
// host, an optional port and path, and no user:password@ part.
const HTTP_URL = /^https?:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\/[^\s]*)?$/;

export const baseUrl = z.string().trim().regex(HTTP_URL, 'an http(s) URL such as https://api.productboard.com, without credentials in it');

/** A shell variable name: the CLI and browser mode read the token from it (SPEC §8). */
export const tokenEnv = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as PRODUCTBOARD_TOKEN');

export const addConnectionInput = z
  .object({
    name: connectionName,
    kind: connectionKind,
    baseUrl,
    tokenEnv: tokenEnv.optional(),
    /** Only where a keychain can hold it (the desktop app). */
    token: z.string().min(1).optional(),
    ratePerSecond: z.number().min(0).max(10_000).optional(),
  })
  .strict()
  .refine((v) => v.tokenEnv !== undefined || v.token !== undefined, {
    message: 'give the environment variable that holds the token (tokenEnv), or the token itself in the desktop app',
    path: ['tokenEnv'],
  });

export const updateConnectionInput = z
  .object({
    name: connectionName,
    newName: connectionName.optional(),
    baseUrl: baseUrl.optional(),
    tokenEnv: tokenEnv.optional(),
    token: z.string().min(1).optional(),
    ratePerSecond: z.number().min(0).max(10_000).nullable().optional(),
  })
  .strict();

export const connectionRef = z.object({ name: connectionName }).strict();

export type AddConnectionInput = z.infer<typeof addConnectionInput>;
export type UpdateConnectionInput = z.infer<typeof updateConnectionInput>;
