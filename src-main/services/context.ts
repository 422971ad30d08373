import type { Workspace } from '../store/workspace';
import { EventBus } from './event-bus';
import { envSecrets, type Secrets } from './secrets';

export type Door = 'electron' | 'browser' | 'cli';

/** What every service gets: the open workspace, the door it serves, events, token access. */
export interface ServiceContext {
  workspace: Workspace;
  mode: Door;
  events: EventBus;
  secrets: Secrets;
}

export function createServiceContext(
  workspace: Workspace,
  mode: Door,
  options: { secrets?: Secrets; events?: EventBus } = {},
): ServiceContext {
  return { workspace, mode, events: options.events ?? new EventBus(), secrets: options.secrets ?? envSecrets() };
}
