import { call } from '../bridge/client';
import { createLoadable } from './loadable';

export const useUsers = createLoadable(() => call('users.list', {}));
