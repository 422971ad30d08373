import * as decoding from 'lib0/decoding';

/** Hocuspocus message types that carry y-protocols sync messages. */
const SYNC = 0;
const SYNC_REPLY = 4;
/** y-protocols sync message types: step 1 carries a state vector, the others an update. */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

/**
 * The Yjs update a Hocuspocus message carries, if any. A message is the document's name,
 * its type, and for sync messages the sync type and its payload; awareness, auth and
 * stateless messages change no shared state.
 */
export function yjsUpdateOf(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type !== SYNC && type !== SYNC_REPLY) return null;
  const syncType = decoding.readVarUint(decoder);
  if (syncType !== SYNC_STEP_2 && syncType !== SYNC_UPDATE) return null;
  return decoding.readVarUint8Array(decoder);
}
