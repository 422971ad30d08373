import type { PullProgress } from '../../src-shared/contract/events';

/**
 * A one-line progress bar on stderr for terminals (rekey pull): pages, rows, rate-limit
 * waits, ETA. Redraws in place; prints nothing when stderr is not a terminal.
 */
export function pullProgressBar(write: (text: string) => void, isTty: boolean) {
  let last = 0;
  const warned = new Set<string>();
  return {
    update(p: PullProgress) {
      // A warning is printed once, on its own line, terminal or not: it must not be missed.
      if (p.warning && !warned.has(p.warning)) {
        warned.add(p.warning);
        write(`${isTty ? '\r\x1b[2K' : ''}Note: ${p.warning}\n`);
      }
      if (!isTty) return;
      const now = Date.now();
      if (!p.done && now - last < 100) return;
      last = now;
      const width = 24;
      const share = p.total ? Math.min(1, p.rows / p.total) : undefined;
      const bar = share === undefined ? '' : `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] `;
      const eta = p.etaMs !== undefined ? ` · ETA ${Math.ceil(p.etaMs / 1000)}s` : '';
      const waits = p.rateLimitedMs ? ` · waited ${(p.rateLimitedMs / 1000).toFixed(1)}s for rate limits` : '';
      write(`\r\x1b[2K${p.connection} ${p.resource}${p.incremental ? ' (changes only)' : ''}: ${bar}${p.rows.toLocaleString('en-US')}${p.total ? `/${p.total.toLocaleString('en-US')}` : ''} rows · ${p.pages} pages · ${p.retries} retries${waits}${eta}`);
    },
    end() {
      if (isTty) write('\n');
    },
  };
}
