import { PackedIdentityIndex } from '../../src-shared/resolver/packed-identity-index';
import type { ScannedRecord } from '../store/repos/records';
import type { Workspace } from '../store/workspace';
import { holdSharedPersons, type SharedPersons } from './shared-persons';

/**
 * What the end of one pull needs of the workspace's records — persons linked over every
 * record, the pulled connection's records it did not see, its users' identity index —
 * kept while the pull pages, in the time it waits for the rate limit. Persons are shared
 * with every pull this process runs meanwhile (shared-persons.ts: the records are read a
 * slice at a time between pages, and each stored page is added as it commits); the users'
 * index is this pull's own. The end then writes only what changed instead of reading and
 * linking every record after the last page (100,000 users: 0.5 s).
 *
 * It is only trusted when nothing but the pulls of this process wrote records meanwhile:
 * anything else sends the end back to reading them all.
 */
export class PullPersons {
  private readonly persons: SharedPersons;
  private readonly release: () => void;
  /**
   * The connection's users in the order this run stored them. It is their index when the
   * run stored each record once, in id order, and they are all the users there are (a
   * first pull): no stored user can have changed or gone since it was added.
   */
  private index: PackedIdentityIndex | undefined;
  private indexed = 0;
  private lastStored = 0;

  constructor(
    workspace: Workspace,
    private readonly connectionId: number,
    private readonly runId: string,
    /** How many users to size the index for; undefined: the connection keeps no index (UserVoice). */
    expectedUsers: number | undefined = 0,
    /** Records read at a time (tests); the first pull to hold the shared persons sets it. */
    slice?: number,
  ) {
    ({ persons: this.persons, release: this.release } = holdSharedPersons(workspace, slice));
    this.index = expectedUsers === undefined ? undefined : new PackedIdentityIndex(expectedUsers);
  }

  /** Paging is over: the persons stay with the pulls still paging; finish() still works. */
  stop(): void {
    this.release();
  }

  /** A page this run stored (what upsertPage returned), inside the page's transaction. */
  stored(records: readonly ScannedRecord[]): void {
    this.persons.stored(records);
    for (const r of records) {
      if (!this.index) continue;
      if (r.id <= this.lastStored) {
        this.index = undefined; // out of id order, or stored twice: built at the end instead
        continue;
      }
      this.lastStored = r.id;
      if (!r.identity) continue;
      this.index.insertKeepingFirst(r.remoteId, r.email, r.externalId, r.deprecatedExternalIds);
      this.indexed++;
    }
  }

  /**
   * Inside the pull's closing transaction: marks the connection's records this run did not
   * see as vanished (when `vanishUnseen`) and writes the person keys that changed. Returns
   * undefined, having written nothing, when the records may have changed behind its back.
   */
  finish(vanishUnseen: boolean, now: string): { vanished: number; pulled: number } | undefined {
    try {
      return this.persons.finish(this.connectionId, this.runId, vanishUnseen, now);
    } finally {
      this.release();
    }
  }

  /**
   * A transaction this pull wrote through here rolled back (a full disk): what the shared
   * persons took from it is not in the file, so they read the records again.
   */
  rolledBack(): void {
    this.persons.forget();
  }

  /** The index of the users this run stored, while it may still be theirs (identityIndex() decides, after finish()). */
  storedUsersIndex(): PackedIdentityIndex | undefined {
    return this.index;
  }

  /** After finish(): the pulled connection's users as an identity index, without reading them again. */
  identityIndex(): PackedIdentityIndex {
    const users = this.persons.usersOf(this.connectionId);
    if (this.index && this.indexed === users.length) return this.index;
    users.sort((a, b) => a.id - b.id);
    const index = new PackedIdentityIndex(users.length);
    for (const r of users) index.insertKeepingFirst(r.remoteId, r.email, r.externalId, r.deprecatedExternalIds);
    return index;
  }
}
