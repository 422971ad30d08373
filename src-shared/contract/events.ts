/**
 * Events main pushes to the renderer (progress of long work, changes made elsewhere).
 * Electron forwards them over IPC, browser mode over Server-Sent Events.
 */
export interface EventMap {
  /** Something in the workspace changed; views showing `topic` should reload. */
  'workspace.changed': { topic: 'audit' | 'connections' | 'records' | 'changesets' };
}

export type EventName = keyof EventMap;

export interface RekeyEvent<N extends EventName = EventName> {
  name: N;
  payload: EventMap[N];
}
