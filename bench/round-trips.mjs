// Counts SQL round trips: a TCP proxy between an app and PostgreSQL that reads the frontend protocol and
// counts what ends a round trip — a simple Query ('Q') or a Sync ('S') closing an extended-protocol batch
// (Parse/Bind/Execute, how prepared statements and parameterised queries travel). Nothing is changed or
// buffered beyond one message header. bench/run.mjs points one app instance through it and divides the
// count by the number of requests of each kind.
import net from 'node:net';

export async function startRoundTripCounter(databaseUrl) {
  const target = new URL(databaseUrl);
  let count = 0;
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    upstream.pipe(client);
    let buffer = Buffer.alloc(0);
    let started = false;
    client.on('data', (chunk) => {
      upstream.write(chunk);
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        // The startup packet has no type byte: length (4) and body.
        const headerLength = started ? 5 : 4;
        if (buffer.length < headerLength) break;
        const length = buffer.readUInt32BE(started ? 1 : 0);
        const total = started ? 1 + length : length;
        if (buffer.length < total) break;
        if (started) {
          const type = String.fromCharCode(buffer[0]);
          if (type === 'Q' || type === 'S') count++;
        } else if (length !== 8) {
          started = true; // an 8-byte packet is an SSLRequest; the real startup follows it
        }
        buffer = buffer.subarray(total);
      }
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(databaseUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(server.address().port);
  return {
    url: proxied.toString(),
    count: () => count,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
