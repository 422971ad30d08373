import type { CommandSpec } from '../command';

export const sandboxSpec: CommandSpec = {
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
};
