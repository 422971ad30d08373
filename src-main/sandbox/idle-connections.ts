import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * What sits in front of most real APIs (a load balancer, a NAT, a server with a short
 * keep-alive): a connection left idle past a timeout is forgotten without a word to the
 * client, and the client's next request on it meets a reset (ECONNRESET). The timeout is not
 * advertised (no `Keep-Alive: timeout=` header), as most real servers do not: a client must
 * drop idle connections on its own before it, or pay a failed request — for a create, an
 * outcome it cannot know.
 */
export class IdleConnections {
  private readonly idleSince = new WeakMap<Socket, number>();

  constructor(private readonly timeoutMs: number) {}

  /** True when the request arrived on a connection idle too long: it has been reset, answer nothing. */
  forgotten(req: IncomingMessage, res: ServerResponse): boolean {
    const socket = req.socket;
    const since = this.idleSince.get(socket);
    if (since !== undefined && Date.now() - since > this.timeoutMs) {
      socket.resetAndDestroy();
      return true;
    }
    this.idleSince.delete(socket);
    res.once('finish', () => this.idleSince.set(socket, Date.now()));
    // Keep-alive without Node's own `Keep-Alive: timeout=…` header: the timeout stays unsaid.
    if (!/close/i.test(req.headers.connection ?? '')) res.setHeader('Connection', 'keep-alive');
    return false;
  }
}
