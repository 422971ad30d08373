import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { changeSetDocName } from '../../src-shared/team/change-set-doc';
import { sharedStateText } from '../../src-shared/team/shared-state';
import { readIndex, TEAM_DOC_NAME } from '../../src-shared/team/team-doc';
import type { Workspace } from '../store/workspace';

/** Marks updates applied from the workspace itself, so they are not stored twice. */
const FROM_STORE = Symbol('from-store');

/**
 * The shared docs of one workspace, loaded from the Yjs updates it keeps. Every update
 * a doc receives is stored as it happens: made here (a decision, a comment) it is kept
 * as a local update until the server has it; received from the server it is kept so the
 * workspace reads the same offline. Nothing lives only in memory.
 */
export class LocalTeamDocs {
  private readonly docs = new Map<string, Y.Doc>();
  /** Origins whose updates came from the server (the sync room's providers). */
  readonly remoteOrigins = new Set<unknown>();
  /** Called after every stored update, for the app's live refresh. */
  onChange: (docName: string) => void = () => undefined;

  constructor(private readonly workspace: Workspace) {}

  doc(name: string): Y.Doc {
    let doc = this.docs.get(name);
    if (doc) return doc;
    doc = new Y.Doc();
    const stored = this.workspace.team.updates(name);
    if (stored.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(stored.map((u) => u.data)), FROM_STORE);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === FROM_STORE) return;
      this.workspace.transaction(() => this.workspace.team.append(name, update, !this.remoteOrigins.has(origin), new Date().toISOString()));
      this.onChange(name);
    });
    this.docs.set(name, doc);
    return doc;
  }

  team(): Y.Doc {
    return this.doc(TEAM_DOC_NAME);
  }

  changeSet(key: string): Y.Doc {
    return this.doc(changeSetDocName(key));
  }

  /** Every shared change set the team's index lists, by key. */
  changeSets(): Map<string, Y.Doc> {
    return new Map(readIndex(this.team()).map((e) => [e.key, this.changeSet(e.key)]));
  }

  /** Names of every doc this workspace shares: the team doc and each listed change set. */
  names(): string[] {
    return [TEAM_DOC_NAME, ...readIndex(this.team()).map((e) => changeSetDocName(e.key))];
  }

  /** SHA-256 of the whole shared state: equal on two members exactly when they have converged. */
  stateHash(): string {
    return createHash('sha256').update(sharedStateText(this.team(), this.changeSets())).digest('hex');
  }

  /**
   * After the server acknowledged everything: one merged update per doc replaces the
   * many small ones, so the workspace does not grow with every decision.
   */
  compact(): void {
    const now = new Date().toISOString();
    this.workspace.transaction(() => {
      for (const name of this.workspace.team.docNames()) {
        const stored = this.workspace.team.updates(name);
        if (stored.length < 2 || stored.some((u) => u.local && !u.sent)) continue;
        this.workspace.team.compact(name, stored.at(-1)!.id, Y.mergeUpdates(stored.map((u) => u.data)), now);
      }
    });
  }

  destroy(): void {
    for (const doc of this.docs.values()) doc.destroy();
    this.docs.clear();
  }
}
