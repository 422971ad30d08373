import type { PullProgress } from '../../src-shared/contract/events';

const n = (v: number) => v.toLocaleString('en-US');

/**
 * One connection's pull as a whole, in one line: the bar and rows over every list, each
 * list's rows (and size when known), pages, retries, rate-limit waits and the ETA.
 */
export function describePull(p: PullProgress, width = 24): string {
  const share = p.total ? Math.min(1, p.rows / p.total) : undefined;
  const bar = share === undefined ? '' : `[${'#'.repeat(Math.round(share * width)).padEnd(width, '.')}] `;
  const lists = p.lists.map((l) => `${l.resource} ${n(l.rows)}${l.total !== undefined && !l.done ? `/${n(l.total)}` : ''}${l.done ? ' ✓' : ''}`).join(', ');
  const eta = p.done ? ' · done' : p.etaMs !== undefined ? ` · ETA ${Math.ceil(p.etaMs / 1000)}s` : '';
  const waits = p.rateLimitedMs ? ` · waited ${(p.rateLimitedMs / 1000).toFixed(1)}s for rate limits` : '';
  return `${p.connection}${p.incremental ? ' (changes only)' : ''}: ${bar}${n(p.rows)}${p.total ? `/${n(p.total)}` : ''} rows · ${p.pages} pages (${lists}) · ${p.retries} retries${waits}${eta}`;
}

/**
 * Progress bars on stderr for terminals (rekey pull, rekey pull --all): one line per
 * connection being pulled, redrawn in place; nothing when stderr is not a terminal.
 */
export function pullProgressBar(write: (text: string) => void, isTty: boolean) {
  const lines = new Map<string, string>();
  let drawn = 0;
  let last = 0;
  const draw = () => {
    // Back to the first line drawn, then every line again.
    write(`${drawn > 1 ? `\x1b[${drawn - 1}A` : ''}\r${[...lines.values()].map((l) => `\x1b[2K${l}`).join('\n')}`);
    drawn = lines.size;
    last = Date.now();
  };
  const warned = new Set<string>();
  return {
    update(p: PullProgress) {
      // A warning is printed once, on its own line, terminal or not: it must not be missed.
      if (p.warning && !warned.has(p.warning)) {
        warned.add(p.warning);
        // In a terminal the bars drawn so far are erased, the note takes their place and they are drawn again below it.
        if (isTty && drawn > 0) write(`${drawn > 1 ? `\x1b[${drawn - 1}A` : ''}\r\x1b[0J`);
        drawn = 0;
        write(`Note: ${p.warning}\n`);
      }
      if (!isTty) return;
      const fresh = !lines.has(p.connection);
      lines.set(p.connection, describePull(p));
      if (fresh || drawn === 0 || p.done || Date.now() - last >= 100) draw();
    },
    end() {
      if (!isTty || drawn === 0) return;
      draw();
      write('\n');
    },
  };
}
