import { parentPort } from 'node:worker_threads';
import { isRekeyError } from '../../src-shared/errors';
import { readIncoming, type IncomingSource } from './incoming-rows';

/**
 * The worker thread of an import preview (issue 7): it reads and parses the file while
 * the main thread loads the users' index and plans the rows already read. Chunks go
 * out as they fill; their arrays are transferred, not copied.
 */
parentPort!.once('message', (source: IncomingSource) => {
  try {
    const end = readIncoming(source, {
      // The bytes are not read again here: moved when they own their memory, else copied.
      bytes: (bytes) => parentPort!.postMessage({ type: 'bytes', bytes }, ownsBuffer(bytes) ? [bytes.buffer as ArrayBuffer] : []),
      head: (head) => parentPort!.postMessage({ type: 'head', head }),
      chunk: ({ chunk, lines }) => parentPort!.postMessage({ type: 'chunk', chunk, lines }, [chunk.starts.buffer as ArrayBuffer, chunk.lengths.buffer as ArrayBuffer, lines.buffer as ArrayBuffer]),
    });
    parentPort!.postMessage({ type: 'end', end });
  } catch (e) {
    // A RekeyError keeps its kind and code across the thread (exit 2 stays exit 2).
    parentPort!.postMessage({ type: 'error', error: isRekeyError(e) ? { kind: e.kind, code: e.code, message: e.message } : { kind: 'internal', code: 'internal', message: e instanceof Error ? e.message : String(e) } });
  }
});

/** Whether a view spans all of its buffer (a small Buffer may sit in Node's shared pool, which must not be moved). */
const ownsBuffer = (bytes: Uint8Array) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
