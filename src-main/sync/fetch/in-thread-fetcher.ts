import { connectorFor } from '../connectors';
import type { PullContext } from '../connectors/connector';
import { listPages } from './list-pages';
import { apiClientFor, countersOf, type ClientSetup, type PageFetcher } from './page-fetcher';

/**
 * Pages fetched on the calling thread. The fetching thread runs this too; a pull uses it
 * directly only when that thread cannot start.
 */
export function inThreadFetcher(setup: ClientSetup, ctx: PullContext): PageFetcher {
  const connector = connectorFor(setup.kind);
  const client = apiClientFor(setup);
  return {
    pages: (resource, cursor, signal) => listPages(connector, client, resource, cursor, ctx, signal),
    counters: () => countersOf(client),
    close: async () => undefined,
  };
}
