import { Histogram, Registry } from 'prom-client';
import { RequestDurationHistogram } from './request-duration-histogram.js';

const NAME = 'http_request_duration_seconds';
const HELP = 'Time to answer an HTTP request';
const BUCKETS = [0.001, 0.01, 0.1, 1];

type Observation = [method: string, route: string, status: number, seconds: number];

const OBSERVATIONS: Observation[] = [
  ['GET', '/health', 200, 0.0004],
  ['GET', '/health', 200, 0.001], // on a bound: counted in that bucket (le means ≤)
  ['GET', '/api/v1/jobs', 200, 0.004],
  ['GET', '/api/v1/jobs', 200, 0.2],
  ['GET', '/api/v1/jobs', 401, 0.0005],
  ['POST', '/api/v1/jobs/:id/accept', 409, 3], // above every bound: only in +Inf
  ['GET', 'unmatched', 404, 0.002],
];

/** The same observations through prom-client's own Histogram: the text we have to keep producing. */
async function renderedByPromClient(observations: Observation[]): Promise<string> {
  const registry = new Registry();
  const histogram = new Histogram({
    name: NAME,
    help: HELP,
    labelNames: ['method', 'route', 'status_code'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (const [method, route, status, seconds] of observations) {
    histogram.labels(method, route, String(status)).observe(seconds);
  }
  return registry.metrics();
}

async function renderedByOurs(observations: Observation[]): Promise<string> {
  const registry = new Registry();
  const histogram = new RequestDurationHistogram(NAME, HELP, BUCKETS).registerOn(registry);
  for (const [method, route, status, seconds] of observations)
    histogram.observe(method, route, status, seconds);
  return registry.metrics();
}

describe('RequestDurationHistogram', () => {
  it("renders exactly what prom-client's Histogram renders for the same observations", async () => {
    const ours = await renderedByOurs(OBSERVATIONS);
    expect(ours).toBe(await renderedByPromClient(OBSERVATIONS));
    expect(ours).toContain(
      'http_request_duration_seconds_bucket{le="0.001",method="GET",route="/health",status_code="200"} 2',
    );
    expect(ours).toContain(
      'http_request_duration_seconds_bucket{le="1",method="POST",route="/api/v1/jobs/:id/accept",status_code="409"} 0',
    );
    expect(ours).toContain(
      'http_request_duration_seconds_count{method="POST",route="/api/v1/jobs/:id/accept",status_code="409"} 1',
    );
  });

  it('counts buckets cumulatively, with +Inf equal to the count and the sum of every observation', async () => {
    const registry = new Registry();
    const histogram = new RequestDurationHistogram(NAME, HELP, BUCKETS).registerOn(registry);
    for (const seconds of [0.0001, 0.005, 0.05, 0.5, 5]) histogram.observe('GET', '/x', 200, seconds);
    const lines = (await registry.metrics()).split('\n');
    const value = (prefix: string) =>
      Number(
        lines
          .find((line) => line.startsWith(prefix))
          ?.split(' ')
          .pop(),
      );
    const labels = 'method="GET",route="/x",status_code="200"';
    expect(BUCKETS.map((bound) => value(`${NAME}_bucket{le="${bound}",${labels}}`))).toEqual([1, 2, 3, 4]);
    expect(value(`${NAME}_bucket{le="+Inf",${labels}}`)).toBe(5);
    expect(value(`${NAME}_count{${labels}}`)).toBe(5);
    expect(value(`${NAME}_sum{${labels}}`)).toBeCloseTo(5.5551, 10);
  });

  it('renders only its help and type before the first request, and nothing after reset', async () => {
    const registry = new Registry();
    const histogram = new RequestDurationHistogram(NAME, HELP, BUCKETS).registerOn(registry);
    expect(await registry.metrics()).toBe(await renderedByPromClient([]));
    histogram.observe('GET', '/x', 200, 0.01);
    histogram.reset();
    expect(await registry.metrics()).toBe(await renderedByPromClient([]));
  });
});
