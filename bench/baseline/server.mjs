// The bare baseline: Fastify + pg, no Nest, no ORM, no guards, validation, logging or security headers.
// GET /api/v1/jobs does the same database work as the app (discovery-route.mjs); GET /health answers as
// the app does. The gap between the two is the cost of the framework and of everything the app does per
// request.
//   node bench/baseline/server.mjs <port> <databaseUrl> <jwtSecret>
import Fastify from 'fastify';
import { serveDiscovery } from './discovery-route.mjs';

const [port, databaseUrl, jwtSecret] = process.argv.slice(2);
const app = Fastify({ logger: false });
app.get('/health', async () => ({ status: 'ok' }));
await serveDiscovery(app, port, databaseUrl, jwtSecret);
