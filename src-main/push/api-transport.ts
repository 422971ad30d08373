import { failed, isRekeyError } from '../../src-shared/errors';
import type { ApiClient } from '../sync/http/api-client';
import type { Transport } from './transport';

/** Pushes go through the sync engine's client: the same pacing, 429 waits and backoff as pulls. */
export function apiTransport(client: ApiClient): Transport {
  return {
    async send(request, signal) {
      try {
        const response = await client.request(request, signal);
        return { status: response.status, body: response.body };
      } catch (e) {
        // Refused before anything was sent: safe to plan it again.
        if (isRekeyError(e) && e.code === 'unreachable') throw failed('not_sent', e.message);
        throw e;
      }
    },
  };
}
