// A small, fixed run of the capture-file fuzzer (`npm run fuzz` runs 100,000 files with a new seed
// each time): mutated pcap and pcapng files through capture/openFile, paging, packet details and
// `lanlens stats`, each within a deadline, with nothing thrown but the documented refusal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSummary } from '../../../fuzz/fuzzReport';
import { fuzzCaptureFiles } from '../../../fuzz/fuzzRun';

const FILES = 2000;

describe('capture files under fuzzing', () => {
  it(
    `${FILES} mutated pcap and pcapng files: read, read up to the damage, or refused with the offset; no throw, no hang`,
    { timeout: 600_000 },
    async (t) => {
      const summary = await fuzzCaptureFiles({ count: FILES, runSeed: 0x1a2b3c4d, workers: 2, deadlineMs: 20_000 });
      t.diagnostic(describeSummary(summary));
      assert.equal(summary.files, FILES);
      assert.deepEqual(summary.failures, [], describeSummary(summary));
      // The mutations reach every outcome: whole files, damaged tails and refusals.
      assert.ok(
        summary.read > FILES / 10 && summary.damaged > FILES / 10 && summary.refused > FILES / 20,
        describeSummary(summary),
      );
    },
  );
});
