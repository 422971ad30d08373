import { badInput } from '../../../src-shared/errors';
import { startSandbox } from '../../sandbox/sandbox';
import { intOption } from '../args';
import { defineCommand } from '../command';

/**
 * `rekey sandbox` (SPEC §9): prints one ready line with each system's URL and token,
 * serves until SIGINT/SIGTERM, then closes cleanly.
 */
export const sandboxCommand = defineCommand<undefined>({
  async run({ options, io, signal }) {
    const seed = (options.seed as string | undefined) ?? 'demo';
    if (seed !== 'demo' && seed !== 'empty') throw badInput('bad_option', `sandbox: --seed must be demo or empty, not "${seed}"`);
    let faults: Record<string, number> | undefined;
    if (options.faults !== undefined) {
      try {
        faults = JSON.parse(String(options.faults)) as Record<string, number>;
      } catch {
        throw badInput('bad_option', 'sandbox: --faults must be JSON, e.g. {"error5xx":0.05}');
      }
    }
    const deepPaging = intOption(options['uv-deep-paging-ms'], '--uv-deep-paging-ms', 'sandbox') ?? 0;
    if (deepPaging > 60_000) throw badInput('bad_option', `sandbox: --uv-deep-paging-ms must be at most 60000, not ${deepPaging}`);
    const sandbox = await startSandbox({
      port: intOption(options.port, '--port', 'sandbox') ?? 0,
      seed,
      users: intOption(options.users, '--users', 'sandbox'),
      rpm: intOption(options.rpm, '--rpm', 'sandbox'),
      uservoiceDeepPagingMs: deepPaging,
      ...(faults ? { faults } : {}),
    });
    io.stdout(JSON.stringify(sandbox.info) + '\n');
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await sandbox.close();
    return undefined;
  },
});
