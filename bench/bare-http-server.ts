/**
 * A bare node:http server that answers every request at once with a 503 problem, and /healthz with 200 (bench:load):
 * what a burst of new connections costs on this machine with this client, with no server work.
 * Prints nothing; sends its port to the parent and exits when the parent disconnects.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
    return;
  }
  res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '8' });
  res.end('{"title":"Service unavailable","status":503}');
});
// The backlog the gateway listens with (argv; bench/load.ts passes it), so a burst meets the same accept queue.
server.listen({ port: 0, host: '127.0.0.1', backlog: Number(process.argv[2] ?? 511) }, () => process.send?.((server.address() as AddressInfo).port));
process.on('disconnect', () => process.exit(0));
