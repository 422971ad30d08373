import type { Connector, Page, PullContext } from '../connectors/connector';
import type { ApiClient } from '../http/api-client';

/**
 * The pages of one list from `cursor` on, in order. The next page is asked for as soon as
 * a page arrives, before the caller is handed it, so the network wait overlaps whatever
 * the caller does with the page; pages a connector says can be asked for ahead (numbered
 * pages of a known count) are requested early too, and one not needed is let go.
 */
export async function* listPages(connector: Connector, client: ApiClient, resource: string, cursor: unknown, ctx: PullContext, signal: AbortSignal): AsyncGenerator<Page> {
  const ahead = new Map<string, Promise<Page>>();
  const request = (c: unknown) => {
    const p = connector.page(client, resource, c, ctx, signal);
    p.catch(() => undefined); // surfaced when awaited; not an unhandled rejection meanwhile
    return p;
  };
  const fetchPage = (c: unknown) => {
    const key = JSON.stringify(c);
    const early = ahead.get(key);
    ahead.delete(key);
    return early ?? request(c);
  };
  let pending = cursor === null ? undefined : fetchPage(cursor);
  while (pending) {
    const page = await pending;
    pending = page.next === null ? undefined : fetchPage(page.next);
    if (page.next === null) ahead.clear();
    for (const c of page.ahead ?? []) {
      const key = JSON.stringify(c);
      if (!ahead.has(key)) ahead.set(key, request(c));
    }
    yield page;
  }
}
