#!/usr/bin/env node
// `npm start`: builds the app, then opens it in Electron when its binary is installed,
// otherwise says so in one line and serves browser mode, printing the launch link
// (and opening the desktop browser when there is one).
// Arguments after `--` go to the app: `npm start -- --db ./client.rekey`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  process.stderr.write('rekey: the build failed (see above)\n');
  process.exit(1);
}

function electronBinary() {
  try {
    const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(electronDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const electron = electronBinary();
if (electron && hasDisplay) {
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write(
    electron
      ? 'No display for the Electron window here; opening Rekey in browser mode instead.\n'
      : "Electron's binary is not installed (npm run electron:install fetches it where it can be downloaded); opening Rekey in browser mode instead.\n",
  );
  const child = spawn(process.execPath, [join(root, 'bin', 'rekey.js'), 'serve', '--open', ...(args.includes('--db') ? [] : ['--demo']), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  lines.once('line', (line) => {
    try {
      const ready = JSON.parse(line);
      process.stdout.write(
        `Rekey is running at ${ready.url}\nWorkspace: ${ready.workspace}\n` +
          (ready.sandbox ? `Demo: connected to the built-in sandbox at ${ready.sandbox}${ready.pulling ? ' (pulling every demo connection now; the app shows the progress)' : ''}\n` : '') +
          'Press Ctrl-C to stop.\n',
      );
    } catch {
      process.stdout.write(line + '\n');
    }
    lines.on('line', (more) => process.stdout.write(more + '\n'));
  });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
