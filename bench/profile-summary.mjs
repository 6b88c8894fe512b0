// Summarises a V8 CPU profile (node --cpu-prof) by package and by function, self time only.
//   node bench/profile-summary.mjs <file.cpuprofile> [top functions, default 30]
// How BENCHMARKS.md's profile was taken: start the app as bench/run.mjs does, adding
// `--cpu-prof --cpu-prof-dir=/tmp/qgig-prof`, drive one scenario with autocannon, stop the app with SIGINT.
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfTime = new Map();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const byPackage = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, time] of selfTime) {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const where = url.replace(/^.*node_modules\//, 'npm:').replace(/^file:\/\/.*?\/(dist\/)/, '$1');
  const pkg = where.startsWith('npm:')
    ? where
        .split('/')
        .slice(0, where.startsWith('npm:@') ? 2 : 1)
        .join('/')
    : where.startsWith('dist/')
      ? 'app (dist/)'
      : where.startsWith('node:')
        ? 'node core'
        : functionName || '(native)';
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
  const fn = `${functionName || '(anonymous)'} ${where}${where ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + time);
  total += time;
}

const table = (map, limit) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, time]) => `${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`)
    .join('\n');
process.stdout.write(
  `profile: ${(total / 1e6).toFixed(1)} s sampled\n\nby package\n${table(byPackage, 15)}\n\n`,
);
process.stdout.write(`by function\n${table(byFunction, Number(topArg ?? 30))}\n`);
