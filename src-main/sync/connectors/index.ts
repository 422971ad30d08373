import type { ConnectionKind } from '../../../src-shared/model/connection';
import { brazeConnector } from './braze';
import type { Connector } from './connector';
import { productboardConnector } from './productboard';
import { scimConnector } from './scim';
import { uservoiceConnector } from './uservoice';

export function connectorFor(kind: ConnectionKind): Connector {
  switch (kind) {
    case 'productboard':
      return productboardConnector();
    case 'productboard-scim':
      return scimConnector();
    case 'uservoice':
      return uservoiceConnector();
    case 'braze':
      return brazeConnector();
  }
}
