import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run here, so the shell's security decisions are tested
// against a recording stand-in of the few electron APIs they call.
const recorded = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown> }[],
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  permissionHandler: undefined as ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    constructor(readonly options: Record<string, unknown>) {
      recorded.windows.push(this);
    }
    once() {}
  }
  return {
    BrowserWindow,
    app: {
      on: (event: string, handler: (...args: unknown[]) => void) => recorded.appHandlers.set(event, handler),
      whenReady: () => ({ then: (fn: () => void) => fn() }),
      getPath: () => tmpdir(),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof recorded.permissionHandler) => (recorded.permissionHandler = h),
        setPermissionCheckHandler: () => undefined,
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('base64').split('').reverse().join('')}`),
      decryptString: (b: Buffer) => Buffer.from(b.toString().slice('sealed:'.length).split('').reverse().join(''), 'base64').toString(),
    },
  };
});

const { createMainWindow } = await import('./window');
const { hardenApp, isTrustedSender } = await import('./security');
const { keychainVault } = await import('./keychain-vault');

const APP = 'file:///app/out/renderer/index.html';
const isAppUrl = (url: string) => url.split('#')[0] === APP;

beforeEach(() => {
  recorded.windows.length = 0;
});

describe('Electron shell security (issue 10)', () => {
  it('creates the window isolated, sandboxed, without Node, with the preload as the only bridge', () => {
    createMainWindow('/app/out');
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(prefs.preload).toBe(join('/app/out', 'preload', 'index.cjs'));
  });

  it('blocks navigation away from the app, new windows, webviews and every permission', () => {
    hardenApp(isAppUrl);
    const listeners = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = { on: (event: string, l: never) => listeners.set(event, l), setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h) };
    recorded.appHandlers.get('web-contents-created')!({}, contents);
    const prevented = (event: string, url?: string) => {
      const e = { preventDefault: vi.fn() };
      listeners.get(event)!(e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-navigate', `${APP}#/audit`)).toBe(false);
    expect(prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(openHandler!()).toEqual({ action: 'deny' });
    const answer = vi.fn();
    recorded.permissionHandler!({}, 'geolocation', answer);
    expect(answer).toHaveBeenCalledWith(false);
  });

  it('accepts IPC only from the app page, top frame', () => {
    const sender = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } }) as never;
    expect(isTrustedSender(sender(APP), isAppUrl)).toBe(true);
    expect(isTrustedSender(sender('https://evil.example/'), isAppUrl)).toBe(false);
    expect(isTrustedSender(sender(APP, {}), isAppUrl)).toBe(false);
    expect(isTrustedSender({ senderFrame: null } as never, isAppUrl)).toBe(false);
  });

  it('keeps typed tokens sealed by safeStorage, outside the workspace, never in plain text', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rekey-vault-')), 'tokens.json');
    const vault = keychainVault(file);
    vault.save('connection-1', 'pb-SECRET-token');
    expect(readFileSync(file, 'utf8')).not.toContain('pb-SECRET-token');
    expect(vault.read('connection-1')).toBe('pb-SECRET-token');
    vault.forget('connection-1');
    expect(vault.read('connection-1')).toBeUndefined();
  });
});
