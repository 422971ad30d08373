import { badInput } from '../../../src-shared/errors';
import { startSandbox } from '../../sandbox/sandbox';
import { intOption } from '../args';
import { defineCommand } from '../command';

/**
 * `rekey sandbox` (SPEC §9): prints one ready line with each system's URL and token,
 * serves until SIGINT/SIGTERM, then closes cleanly.
 */
export const sandboxCommand = defineCommand<undefined>({
  path: ['sandbox'],
  summary: 'Run the local sandbox of Productboard, SCIM, UserVoice and Braze-style APIs (until Ctrl-C)',
  options: {
    port: { type: 'string', description: 'the port (default: a free one); listens on 127.0.0.1 only' },
    seed: { type: 'string', description: 'demo (planted situations, the default) or empty' },
    users: { type: 'string', description: 'how many demo people (default 200)' },
    rpm: { type: 'string', description: 'requests per minute per token for every system; 0 = no limit (default: each real limit)' },
    faults: { type: 'string', description: 'fault rates as JSON, e.g. {"error5xx":0.05,"drop":0.02,"slow":0.05,"seed":7}' },
    'uv-deep-paging-ms': { type: 'string', description: "UserVoice's deep-paging slowdown: ms a users page waits per 10,000 users before it (default 0)" },
  },
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
