// Drives one scenario with autocannon in its own process (so the load generator's work is not counted in
// the server's). Input: a JSON scenario file as argv[2]; output: one JSON line of results.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let counter = 0;
const options = {
  url: scenario.url,
  connections: scenario.connections,
  duration: scenario.duration,
  // A fixed number of requests instead of a duration (the accept scenario: one per prepared job).
  ...(scenario.amount && { amount: scenario.amount }),
  timeout: scenario.timeoutSeconds ?? 10,
  headers: scenario.headers ?? {},
  // JIT compilation and each pooled connection's first prepare happen here, not in the measured window.
  ...(scenario.warmupSeconds && {
    warmup: { connections: scenario.connections, duration: scenario.warmupSeconds },
  }),
};
if (scenario.requests) {
  // Rotate through prepared requests, e.g. accepts of distinct jobs by distinct professionals.
  options.requests = [
    {
      setupRequest: (request) => {
        const next = scenario.requests[counter++ % scenario.requests.length];
        return { ...request, ...next, headers: { ...request.headers, ...next.headers } };
      },
    },
  ];
}
const result = await autocannon(options);
const statusCodes = Object.fromEntries(
  Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count]),
);
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    throughput: result.requests.average,
    latency: {
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  }) + '\n',
);
