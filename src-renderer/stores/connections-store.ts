import { call } from '../bridge/client';
import { createLoadable } from './loadable';

export const useConnections = createLoadable(() => call('connections.list', {}));
