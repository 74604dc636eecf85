// What a fuzzing run prints: its figures, then its failures grouped by kind, each with seeds to replay.
import type { FuzzSummary } from './fuzzRun';

/** A seed as the replay option takes it. */
export const hex = (seed: number): string => `0x${seed.toString(16).padStart(8, '0')}`;

/** The figures of a run and its failures, grouped by what went wrong (numbers blanked), each with seeds. */
export function describeSummary(summary: FuzzSummary): string {
  const lines = [
    `${summary.files} files in ${summary.seconds.toFixed(1)} s (${summary.filesPerSecond.toFixed(0)} files/s): ` +
      `${summary.read} read whole, ${summary.damaged} read up to a damaged part, ${summary.refused} refused; ` +
      `${summary.packets} packets; slowest file ${summary.slowestMs.toFixed(0)} ms; max RSS ${summary.maxRssMiB.toFixed(0)} MiB`,
    `${summary.failures.length} failures (${summary.hangs} hangs)`,
  ];
  const kinds = new Map<string, FuzzSummary['failures']>();
  for (const failure of summary.failures) {
    const kind = failure.failures[0].replace(/\d+/g, 'N').split('\n')[0];
    kinds.set(kind, [...(kinds.get(kind) ?? []), failure]);
  }
  for (const [kind, failures] of kinds) {
    const first = failures[0];
    lines.push(
      `- ${failures.length}× ${kind}`,
      `  replay: npm run fuzz -- --replay=${hex(first.seed)}  (also ${
        failures
          .slice(1, 4)
          .map((f) => hex(f.seed))
          .join(' ') || 'none'
      })`,
      ...first.failures.map((text) => `  ${text.split('\n').slice(0, 6).join('\n    ')}`),
      ...(first.steps ? [`  made by: ${first.steps.join('; ')}`] : []),
    );
  }
  return lines.join('\n');
}
