import { shortLine } from '../../src-shared/text/short-line';
import { api, isChannel } from '../../src-shared/contract/api';
import { isRekeyError, type Result } from '../../src-shared/errors';
import type { ServiceContext } from './context';
import { handlers, type Handler } from './handlers';

/**
 * The one entry point every door (IPC, HTTP) calls. It validates the input against the
 * contract before a handler sees it, and turns every outcome into a Result: a handler
 * can trust its types, and nothing but a code and a message ever crosses back.
 */
export async function dispatch(ctx: ServiceContext, channel: string, rawInput: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return { ok: false, error: { code: 'unknown_call', message: `No such call: ${channel}` } };
  const parsed = api[channel].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : 'input';
    return { ok: false, error: { code: 'invalid_input', message: `${channel}: ${field}: ${issue?.message ?? 'invalid'}` } };
  }
  try {
    const handler = handlers[channel] as Handler<typeof channel>;
    return { ok: true, value: await handler(parsed.data as never, ctx) };
  } catch (e) {
    return failure(channel, e);
  }
}

/** What a door sends back for a thrown error: bad input in its own words, a bug as a line pointing at the log. */
export function failure(what: string, e: unknown): Result<never> {
  if (isRekeyError(e) && e.kind !== 'internal') return { ok: false, error: { code: e.code, message: shortLine(e.message) } };
  // A bug: log it where the developer can see it, send the renderer nothing it could leak.
  console.error(`rekey: ${what} failed:`, e);
  return { ok: false, error: { code: 'internal', message: `Internal error in ${what}; see the app log` } };
}
