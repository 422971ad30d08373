import { call } from '../bridge/client';
import { createLoadable } from './loadable';

/** The open workspace: path, schema version, counts (header and empty states). */
export const useWorkspace = createLoadable(() => call('workspace.info', {}));
