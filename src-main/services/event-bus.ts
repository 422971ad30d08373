import type { EventMap, EventName, RekeyEvent } from '../../src-shared/contract/events';

type Listener = (event: RekeyEvent) => void;

/** Fans events out to whichever doors are open (an Electron window, browser tabs). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<N extends EventName>(name: N, payload: EventMap[N]): void {
    const event = { name, payload } as unknown as RekeyEvent;
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
