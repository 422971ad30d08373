import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import { failed } from '../../src-shared/errors';
import { TEAM_DOC_NAME } from '../../src-shared/team/team-doc';
import type { Presence } from '../../src-shared/team/team-status';
import type { Workspace } from '../store/workspace';
import type { LocalTeamDocs } from './local-docs';

export type { Presence };

export interface SyncRoomOptions {
  serverUrl: string;
  token: string;
  member: string;
  /**
   * Share presence (the app's live room). A one-off sync must not: it shares the doc,
   * hence the awareness client id, with the live room, and closing it would tell the
   * others this member left.
   */
  presence?: boolean;
  onPresence?: (states: Presence[]) => void;
  onStatus?: (connected: boolean) => void;
}

/**
 * The provider removes its listeners before closing a socket; closing one that is still
 * connecting then emits an 'error' nobody listens to, which ends the process. Its
 * failures reach the provider as close events anyway.
 */
class QuietWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols);
    this.on('error', () => undefined);
  }
}

/**
 * One connection to the team server carrying every shared doc of the workspace (the
 * team doc and each change set it lists), multiplexed on one WebSocket. Local updates
 * flow out as they are made; remote ones are stored by LocalTeamDocs as they arrive.
 * When a doc's provider reports nothing unacknowledged, its local updates are marked sent.
 */
export class SyncRoom {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly providers = new Map<string, HocuspocusProvider>();
  private authFailure: string | null = null;
  private readonly waiters = new Set<() => void>();
  private readonly unobserve: () => void;

  constructor(
    private readonly workspace: Workspace,
    private readonly docs: LocalTeamDocs,
    private readonly options: SyncRoomOptions,
  ) {
    this.socket = new HocuspocusProviderWebsocket({
      url: options.serverUrl,
      WebSocketPolyfill: QuietWebSocket,
      // Always keep trying, backing off to 10 s: the caller decides how long to wait
      // (whenSettled's timeout), and a bounded retry would end in an unhandled rejection
      // inside the provider instead of an answer.
      maxAttempts: 0,
      delay: 250,
      minDelay: 100,
      maxDelay: 10_000,
      onStatus: ({ status }) => options.onStatus?.(status === 'connected'),
    });
    for (const name of docs.names()) this.attach(name);
    // A change set listed later (by another member) is joined as soon as it appears.
    const index = docs.team().getMap('changeSets');
    const observer = () => {
      for (const name of docs.names()) if (!this.providers.has(name)) this.attach(name);
    };
    index.observe(observer);
    this.unobserve = () => index.unobserve(observer);
  }

  private attach(name: string): void {
    const doc = this.docs.doc(name);
    const withPresence = name === TEAM_DOC_NAME && this.options.presence === true;
    const provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name,
      document: doc,
      token: this.options.token,
      // Presence rides on the team doc only: one awareness per member, not one per change set.
      ...(withPresence ? {} : { awareness: null }),
      onAuthenticationFailed: ({ reason }) => {
        this.authFailure = reason;
        this.wake();
      },
      onUnsyncedChanges: ({ number }) => {
        if (number === 0 && provider.isSynced) this.acknowledged(name);
      },
      onSynced: () => {
        if (!provider.hasUnsyncedChanges) this.acknowledged(name);
      },
    });
    this.docs.remoteOrigins.add(provider);
    if (withPresence && provider.awareness) {
      provider.awareness.setLocalStateField('presence', { member: this.options.member, changeSet: null, rows: [] } satisfies Presence);
      provider.awareness.on('change', () => this.options.onPresence?.(this.presence()));
    }
    provider.attach();
    this.providers.set(name, provider);
  }

  private acknowledged(name: string): void {
    const stored = this.workspace.team.updates(name);
    const last = stored.at(-1);
    if (last && stored.some((u) => u.local && !u.sent)) this.workspace.transaction(() => this.workspace.team.markSent(name, last.id));
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Every doc synced both ways, and nothing local unacknowledged. */
  get settled(): boolean {
    return [...this.providers.values()].every((p) => p.isSynced && !p.hasUnsyncedChanges);
  }

  /** Waits until settled (throws on a refused token or after `timeoutMs`). */
  async whenSettled(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.settled || this.authFailure !== null) {
      if (this.authFailure !== null) {
        throw failed('team_token_refused', `the team server refused the member token (${this.authFailure}); ask its operator for a new one`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw failed('team_unreachable', `the team server at ${this.options.serverUrl} did not answer within ${Math.round(timeoutMs / 1000)} s; local changes are kept and go out at the next sync`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 200));
        this.waiters.add(done);
      });
    }
  }

  /** Tells the others which change set and rows this member is looking at. */
  look(changeSet: string | null, rows: number[]): void {
    this.providers.get(TEAM_DOC_NAME)?.awareness?.setLocalStateField('presence', { member: this.options.member, changeSet, rows } satisfies Presence);
  }

  presence(): Presence[] {
    const awareness = this.providers.get(TEAM_DOC_NAME)?.awareness;
    if (!awareness) return [];
    return [...awareness.getStates().values()]
      .map((s) => (s as { presence?: Presence }).presence)
      .filter((p): p is Presence => p !== undefined);
  }

  close(): void {
    this.unobserve();
    for (const provider of this.providers.values()) {
      this.docs.remoteOrigins.delete(provider);
      provider.destroy();
    }
    this.providers.clear();
    this.socket.destroy();
  }
}
