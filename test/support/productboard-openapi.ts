import OpenAPIBackend from 'openapi-backend';
import { readFileSync } from 'node:fs';
import { repoRoot } from './cli';

// A copy of shared/specs/productboard-openapi.json, so a clone tests without shared/ beside it.
const definition: unknown = withPlainJson(JSON.parse(readFileSync(`${repoRoot}/test/fixtures/productboard-openapi.json`, 'utf8')));

/**
 * openapi-backend checks bodies described under `application/json` only; the description
 * words some (422 cursor, 409 conflicts) under `application/json; charset=utf-8`, which
 * would leave them unchecked. The same schema is named under both.
 */
function withPlainJson(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withPlainJson);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = withPlainJson(value);
  const charset = out['application/json; charset=utf-8'];
  if (charset && !out['application/json']) out['application/json'] = charset;
  return out;
}

/** The sandbox serves two lists the trimmed description leaves out; nothing to check them against. */
const UNDESCRIBED = [/^\/members$/, /^\/insights\/ingest$/];

let api: OpenAPIBackend | undefined;

async function backend(): Promise<OpenAPIBackend> {
  if (api) return api;
  const next = new OpenAPIBackend({
    definition: definition as never,
    quick: true,
    validate: true,
    // Formats are names here, not checks (ajv would warn once per schema otherwise).
    customizeAjv: (ajv) => {
      for (const format of ['uuid', 'email', 'uri', 'date-time', 'date']) ajv.addFormat(format, true);
      return ajv;
    },
  });
  await next.init();
  return (api = next);
}

/** The description's verdict on one body for one operation and status. */
export async function validateProductboard(operationId: string, status: number, body: unknown): Promise<string[]> {
  const result = (await backend()).validateResponse(body, operationId, status);
  return (result.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`);
}

export interface ResponseToCheck {
  method: string;
  path: string;
  query: string;
  status: number;
  body: unknown;
}

/**
 * Checks one Productboard answer against the API description: the described status's
 * schema, or for a status the operation does not describe, the error form its resource
 * uses. Returns what is wrong, or an empty list.
 */
export async function productboardViolations(response: ResponseToCheck): Promise<string[]> {
  const spec = await backend();
  if (UNDESCRIBED.some((p) => p.test(response.path))) return [];
  const operation = spec.router.matchOperation({ method: response.method.toLowerCase(), path: response.path, headers: {}, query: {} });
  const where = `${response.method} ${response.path} → ${response.status}`;
  if (!operation?.operationId) return response.status === 404 ? errorForm(spec, 'common.model_ApiErrors', response.body, where) : [`${where}: no such operation in the description`];
  if (response.status === 204) return response.body === undefined ? [] : [`${where}: a 204 has no body`];
  const described = Object.keys(operation.responses ?? {}).includes(String(response.status));
  if (described) {
    const result = spec.validateResponse(response.body, operation.operationId, response.status);
    return (result.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''}`);
  }
  if (response.status < 400) return [`${where}: the description has no ${response.status} for ${operation.operationId}`];
  const family = /^\/(notes|companies)/.test(response.path) ? 'ApiErrors' : 'common.model_ApiErrors';
  return errorForm(spec, family, response.body, where);
}

/** Each error form, by an operation and status the description words it for. */
const FORMS = {
  'common.model_ApiErrors': ['getUser', 404],
  ApiErrors: ['getNote', 404],
  ApiErrorsWithCode: ['getCompanies', 400],
} as const;

function errorForm(spec: OpenAPIBackend, schema: keyof typeof FORMS, body: unknown, where: string): string[] {
  const [operationId, status] = FORMS[schema];
  const result = spec.validateResponse(body, operationId, status);
  return (result.errors ?? []).map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? ''} (as ${schema})`);
}
