import type { Server } from 'node:http';
import { createServer, type Server as NetServer } from 'node:net';

/**
 * Listens on `count` sockets for the same address and port (SO_REUSEPORT) and hands every connection to
 * `server`, so a burst of new connections is accepted in moments rather than over tens of seconds.
 *
 * Why: Node (libuv ≥ 1.45) accepts one connection per listening socket per event-loop turn. Under load a
 * turn takes 10–50 ms, so 2,000 clients connecting at once waited up to 20 s in the kernel's accept queue
 * before the app even saw their first request. With `count` sockets the kernel spreads new connections
 * over them and each turn accepts up to `count`. Idle sockets cost nothing.
 *
 * Injecting a connection with `server.emit('connection', socket)` is Node's documented way to hand a
 * socket to an HTTP server: it gets the same parser, timeouts and keep-alive handling as one the server
 * accepted itself. Closing `server` (shutdown) closes the extra sockets at once too.
 *
 * SO_REUSEPORT also lets another process of the same user bind the port; see README "Scaling out".
 * Returns the extra listeners (there once `server` listens).
 */
export function acceptOnSeveralSockets(server: Server, count: number): readonly NetServer[] {
  const extra: NetServer[] = [];
  if (count <= 1) return extra;

  const listen = server.listen.bind(server) as (...args: unknown[]) => Server;
  server.listen = ((...args: unknown[]) => {
    const [options] = args;
    if (options && typeof options === 'object') args[0] = { ...options, reusePort: true };
    return listen(...args);
  }) as Server['listen'];

  server.once('listening', () => {
    const address = server.address();
    if (!address || typeof address === 'string') return; // a Unix socket: nothing to spread
    for (let i = 1; i < count; i++) {
      const listener = createServer((socket) => server.emit('connection', socket));
      listener.on('error', (error) => server.emit('error', error));
      listener.listen({ port: address.port, host: address.address, reusePort: true, backlog: 4096 });
      extra.push(listener);
    }
  });

  const close = server.close.bind(server);
  server.close = ((callback?: (error?: Error) => void) => {
    for (const listener of extra) if (listener.listening) listener.close();
    return close(callback);
  }) as Server['close'];
  return extra;
}
