import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { RekeyError, type ErrorKind } from '../../src-shared/errors';
import { spawnWorker } from '../threads/spawn-worker';
import { readIncoming, type IncomingEnd, type IncomingSink, type IncomingSource } from './incoming-rows';

/** Below this size a file is read in the caller's thread: a worker costs ~0.1 s to start. */
const WORKER_FROM_CHARS = 4_000_000;

export type ReadThread = 'auto' | 'worker' | 'caller';

/**
 * Reads an import file (incoming-rows.ts) in a worker thread when it is large, so that
 * parsing runs beside the planning on the other core (issue 7); the sink sees the same
 * events in the same order either way. `before` runs in the caller's thread while the
 * worker starts and parses (the users' index is loaded there).
 */
export async function readIncomingRows(
  source: IncomingSource,
  sink: IncomingSink,
  options: { thread?: ReadThread; before?: () => void; spawn?: () => Worker } = {},
): Promise<IncomingEnd> {
  const thread = options.thread ?? 'auto';
  const large = (source.text?.length ?? source.bytes?.length ?? fileSize(source.file)) >= WORKER_FROM_CHARS;
  if (thread === 'caller' || (thread === 'auto' && !large)) {
    options.before?.();
    return readIncoming(source, sink);
  }
  const worker = options.spawn?.() ?? takeWarmWorker();
  worker.ref();
  return new Promise<IncomingEnd>((resolve, reject) => {
    let settled = false;
    let heard = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    // A thread that cannot even start (its module missing from a broken install) has
    // said nothing yet: the file is then read here instead, slower but the same.
    const fallBack = (why: () => void) =>
      settle(() => {
        if (heard) return why();
        try {
          resolve(readIncoming(source, sink));
        } catch (e) {
          reject(e);
        }
      });
    worker.on('message', (message: WorkerMessage) => {
      heard = true;
      try {
        if (message.type === 'bytes') sink.bytes?.(message.bytes);
        else if (message.type === 'head') sink.head(message.head);
        else if (message.type === 'chunk') sink.chunk({ chunk: message.chunk, lines: message.lines });
        else if (message.type === 'end') settle(() => resolve(message.end));
        else settle(() => reject(new RekeyError(message.error.kind, message.error.code, message.error.message)));
      } catch (e) {
        settle(() => reject(e));
      }
    });
    worker.on('error', (e) => fallBack(() => reject(e)));
    worker.on('exit', (code) => fallBack(() => reject(new RekeyError('failed', 'reader_stopped', `${source.file}: the reading thread stopped (exit ${code})`))));
    worker.postMessage(source);
    try {
      options.before?.();
    } catch (e) {
      settle(() => reject(e));
    }
  });
}

/** A file's size, to choose the thread; a file that cannot be looked at goes to the reader, which says why. */
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return Infinity;
  }
}

type WorkerMessage =
  | { type: 'bytes'; bytes: Uint8Array }
  | { type: 'head'; head: Parameters<IncomingSink['head']>[0] }
  | ({ type: 'chunk' } & Parameters<IncomingSink['chunk']>[0])
  | { type: 'end'; end: IncomingEnd }
  | { type: 'error'; error: { kind: ErrorKind; code: string; message: string } };

let warm: Worker | undefined;

/**
 * Starts a reading thread ahead of need, so its ~0.1 s start overlaps other work (the
 * CLI calls it before opening the workspace). An idle warm thread does not keep the
 * process alive.
 */
export function prepareIncomingReader(): void {
  if (warm) return;
  warm = spawnIncomingWorker();
  warm.unref();
  // A thread that fails to start is dropped; the next read starts its own and reports.
  warm.once('error', () => (warm = undefined));
}

function takeWarmWorker(): Worker {
  const worker = warm ?? spawnIncomingWorker();
  warm = undefined;
  return worker;
}

/** An import preview's reading thread (src-main/threads/spawn-worker.ts says which code it runs). */
export function spawnIncomingWorker(): Worker {
  return spawnWorker('incoming-worker');
}
