import type { Workspace } from '../store/workspace';
import type { EventBus } from './event-bus';

/** What every handler gets: the open workspace, the door it serves, the event bus. */
export interface ServiceContext {
  workspace: Workspace;
  mode: 'electron' | 'browser';
  events: EventBus;
}
