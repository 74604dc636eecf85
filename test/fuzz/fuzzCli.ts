// `npm run fuzz -- [--count=N] [--seed=N] [--workers=N] [--deadline-ms=N]`: fuzzes N mutated
// capture files (default 100,000) and prints the figures and every failure with its seed.
// `npm run fuzz -- --replay=SEED` makes that one file again, keeps it under test-results/fuzz/,
// and runs it in this thread, so a debugger or a stack trace sees the failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { inProcessHelper, runCaptureFile } from './captureFileTarget';
import { mutatedCapture } from './captureMutator';
import { fuzzCaptureFiles } from './fuzzRun';
import { describeSummary, hex } from './fuzzReport';

async function replay(seed: number): Promise<number> {
  const made = mutatedCapture(seed);
  const dir = path.join(__dirname, '../../test-results/fuzz');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `seed-${hex(seed)}.pcap`);
  writeFileSync(file, made.bytes);
  console.log(`${file} (${made.bytes.length} bytes), made by:\n  ${made.steps.join('\n  ')}`);
  const helper = inProcessHelper();
  try {
    const result = await runCaptureFile(helper, file, made.bytes.length, seed);
    console.log(
      result.refusal
        ? `refused: ${result.refusal}`
        : `read ${result.packets} packets${result.problem ? `; ${result.problem}` : ''}`,
    );
    for (const failure of result.failures) console.log(`FAILURE: ${failure}`);
    return result.failures.length ? 1 : 0;
  } finally {
    helper.dispose();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '100000' },
      seed: { type: 'string' },
      workers: { type: 'string', default: '1' },
      'deadline-ms': { type: 'string', default: '10000' },
      replay: { type: 'string' },
    },
  });
  if (values.replay) return replay(Number(values.replay) >>> 0);
  const runSeed = values.seed !== undefined ? Number(values.seed) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
  const count = Number(values.count);
  console.log(
    `fuzzing ${count} capture files, run seed ${hex(runSeed)} (again: npm run fuzz -- --seed=${hex(runSeed)} --count=${count})`,
  );
  const summary = await fuzzCaptureFiles({
    count,
    runSeed,
    workers: Number(values.workers),
    deadlineMs: Number(values['deadline-ms']),
    progressEvery: 5000,
    onProgress: (done, so) =>
      console.log(
        `  ${done} files, ${so.filesPerSecond.toFixed(0)} files/s, ${so.failures.length} failures, RSS max ${so.maxRssMiB.toFixed(0)} MiB`,
      ),
  });
  console.log(describeSummary(summary));
  return summary.failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
