// Drives one scenario with autocannon in its own process (so the load generator's work is not counted in
// the server's). Input: a JSON scenario file as argv[2]; output: one JSON line of results.
// Besides autocannon's figures it keeps every response's latency by status class, so a run where the app
// sheds load reports the latency of the requests it served (2xx) apart from the ones it turned away (503).
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
  // A fixed rate over all connections (logins at 60/s), instead of as fast as the server answers.
  ...(scenario.overallRate && { overallRate: scenario.overallRate }),
  timeout: scenario.timeoutSeconds ?? 10,
  headers: scenario.headers ?? {},
  ...(scenario.method && { method: scenario.method }),
  ...(scenario.body && { body: scenario.body }),
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

const served = [];
const shed = [];
// Without a callback: autocannon ignores `warmup` when given one (it then measured from the first, cold
// second). Its warm-up reports to a tracker of its own, so every response seen here is a measured one.
const instance = autocannon(options);
instance.on('response', (_client, statusCode, _bytes, ms) => {
  if (statusCode === 503) shed.push(ms);
  else served.push(ms);
});
const result = await instance;

function percentiles(values) {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
  return { p50: at(50), p95: at(95), p99: at(99), max: Math.round(sorted[sorted.length - 1]) };
}

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
    served: percentiles(served),
    shed: { count: shed.length, share: shed.length / Math.max(1, served.length + shed.length) },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
  }) + '\n',
);
