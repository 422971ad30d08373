import type { SandboxInfo } from './sandbox';

/** A thin fetch wrapper for the sandbox's own tests: one system, its token, JSON in and out. */
export function client(info: SandboxInfo, system: 'productboard' | 'scim' | 'uservoice' | 'braze', options: { token?: string; version?: string | null } = {}) {
  const { url, token } = info[system];
  return async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${options.token ?? token}` };
    if (system === 'productboard' && options.version !== null) headers['X-Version'] = options.version ?? '1';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path.startsWith('http') ? path : `${url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : undefined }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
}
