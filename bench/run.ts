/**
 * `npm run bench -- <name> [...]`: runs one benchmark (or all). Every benchmark prints ratios against
 * a baseline measured in the same run, because this machine is shared and noisy.
 */
const benches: Record<string, () => Promise<void>> = {
  api: async () => (await import('./api/throughput.ts')).main(),
  'api-large': async () => (await import('./api/createLarge.ts')).main(),
  sip: async () => (await import('./sip/throughput.ts')).main(),
  pacing: async () => (await import('./pacing/main.ts')).main(process.argv.slice(3)),
  load: async () => (await import('./load/main.ts')).main(),
  scale: async () => (await import('./scale/main.ts')).main(),
  history: async () => (await import('./history/main.ts')).main(),
};

const name = process.argv[2] ?? 'all';
const selected = name === 'all' ? Object.keys(benches) : [name];
for (const n of selected) {
  const run = benches[n];
  if (!run) {
    process.stderr.write(`unknown benchmark ${n}; choose one of: ${Object.keys(benches).join(', ')}, all\n`);
    process.exit(2);
  }
  process.stdout.write(`\n=== bench ${n}\n`);
  await run();
}
process.exit(0);
