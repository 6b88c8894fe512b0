import { createServer, type Server } from 'node:http';
import { connect, type Server as NetServer } from 'node:net';
import { acceptOnSeveralSockets } from './accept-sockets.js';

// Real sockets on loopback: the kernel spreads connections over the listening sockets (SO_REUSEPORT).
describe('acceptOnSeveralSockets', () => {
  let server: Server;
  let port: number;
  let extra: readonly NetServer[];

  beforeEach(async () => {
    server = createServer((_request, response) => response.end('ok'));
    extra = acceptOnSeveralSockets(server, 4);
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
    port = (server.address() as { port: number }).port;
  });
  afterEach(async () => {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  });

  /** One request on a new connection; resolves with the response's first line. */
  function ask(): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => resolve(text.split('\r\n')[0]));
      socket.on('error', reject);
    });
  }

  it('serves connections accepted by every socket through the one HTTP server', async () => {
    const accepted: unknown[] = [];
    let viaExtraSockets = 0;
    server.on('connection', (socket) => accepted.push(socket));
    for (const listener of extra) listener.on('connection', () => viaExtraSockets++);
    const answers = await Promise.all(Array.from({ length: 40 }, () => ask()));
    expect(answers).toEqual(Array(40).fill('HTTP/1.1 200 OK'));
    expect(accepted).toHaveLength(40);
    // All 40 through the first socket would have odds of 1 in 4^40.
    expect(viaExtraSockets).toBeGreaterThan(0);
  });

  it('listens on the given number of sockets for one port, and closing the server closes them all', async () => {
    expect(extra).toHaveLength(3);
    for (const listener of extra) {
      expect(listener.listening).toBe(true);
      expect(listener.address()).toMatchObject({ port, address: '127.0.0.1' });
    }

    await new Promise((resolve) => server.close(resolve));
    expect(extra.some((listener) => listener.listening)).toBe(false);
    await expect(ask()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
