// The file benchmarks' native floor (bench/native/statsFloor.c): one C thread counting a capture's
// flows, conversations and hosts, timed by itself (its own clock, from open to the last record).
import { buildBenchTool } from './benchTool';
import { run } from '../test/lab/exec';

/** What the floor counted in a file, and how long it took. */
export interface FloorRead {
  packets: number;
  flows: number;
  conversations: number;
  hosts: number;
  seconds: number;
}

/** Builds the floor; returns a reader of files with it. */
export function statsFloor(): (file: string) => Promise<FloorRead> {
  const binary = buildBenchTool('statsFloor');
  return async (file) => {
    const result = await run(binary, [file], { timeoutMs: 600_000 });
    const [packets, flows, conversations, hosts, seconds] = result.stdout.trim().split(' ').map(Number);
    if (result.code !== 0 || !(seconds >= 0)) throw new Error(`statsFloor exited ${result.code}: ${result.stderr}`);
    return { packets, flows, conversations, hosts, seconds };
  };
}
