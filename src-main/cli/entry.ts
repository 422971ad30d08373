import { runCli } from './main';

/** Process glue for bin/rekey.js: real stdio, signals, exit code. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await runCli(
    process.argv.slice(2),
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      stderrIsTty: Boolean(process.stderr.isTTY),
    },
    controller.signal,
  );
  process.exitCode = code;
}
