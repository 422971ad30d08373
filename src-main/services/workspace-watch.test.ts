import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { RekeyEvent } from '../../src-shared/contract/events';
import { openWorkspace } from '../store/workspace';
import { addConnection } from './connections';
import { createServiceContext } from './context';
import { watchOtherProcesses } from './workspace-watch';

const settle = () => new Promise((resolve) => setTimeout(resolve, 120));

describe('watching a workspace for changes made by other processes (issue 21)', () => {
  it("tells the open views what another connection committed, and stays quiet about this one's own writes", async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rekey-watch-')), 'w.rekey');
    const app = createServiceContext(openWorkspace(path), 'browser');
    const events: RekeyEvent[] = [];
    app.events.subscribe((e) => events.push(e));
    const stop = watchOtherProcesses(app, 20);

    // This process's own write: its service emits what it emits, the watch adds nothing.
    app.workspace.write({ action: 'test.done', subject: 's' }, () => undefined);
    await settle();
    expect(events).toEqual([]);

    // Another connection to the file (another process, as far as SQLite can tell).
    const cli = createServiceContext(openWorkspace(path), 'cli');
    addConnection(cli, { name: 'pb', kind: 'productboard', baseUrl: 'http://127.0.0.1:9', tokenEnv: 'PB_TOKEN' });
    await settle();
    expect(events.map((e) => e.name === 'workspace.changed' && e.payload.topic).sort()).toEqual(['audit', 'connections']);

    // A change with no audit entry (a pulled page) reloads users and connections.
    events.length = 0;
    cli.workspace.transaction(() => cli.workspace.importMappings.save('sig', { email: 0 }, new Date().toISOString()));
    await settle();
    expect(events.map((e) => e.name === 'workspace.changed' && e.payload.topic).sort()).toEqual(['connections', 'records']);

    stop();
    cli.workspace.close();
    app.workspace.close();
  });
});
