import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { idleBetween, idleProcessors, sampleCpu } from '../../../../src/helper/captureFile/idleProcessors';
import type { CpuSample } from '../../../../src/helper/captureFile/idleProcessors';

/** A sample `ms` into a made-up stretch: ticks of 2 processors, this process's µs. */
const at = (ms: number, idleTicks: number, totalTicks: number, ownMicros: number): CpuSample => ({
  at: ms,
  idleTicks,
  totalTicks,
  ownMicros,
});

describe('processors other work leaves idle', () => {
  it("reads /proc/stat's first line: idle and iowait are idle, guest time is not counted twice", () => {
    const stat = 'cpu  100 5 50 800 40 3 2 0 30 0\ncpu0 50 2 25 400 20 1 1 0 15 0\nintr 1 2 3\n';
    const sample = sampleCpu(() => stat)!;
    assert.equal(sample.idleTicks, 840);
    assert.equal(sample.totalTicks, 1000);
    assert.ok(sample.ownMicros > 0);
    assert.equal(
      sampleCpu(() => undefined),
      undefined,
      'no /proc/stat',
    );
    assert.equal(
      sampleCpu(() => 'intr 1 2 3\n'),
      undefined,
      'no cpu line',
    );
  });

  it('an idle machine, a machine busy with others, and one busy only with this process', () => {
    // One second on two processors: 200 ticks.
    assert.equal(idleBetween(at(0, 0, 0, 0), at(1000, 200, 200, 0), 2), 2);
    assert.equal(idleBetween(at(0, 0, 0, 0), at(1000, 0, 200, 0), 2), 0, 'others keep both busy');
    assert.equal(idleBetween(at(0, 0, 0, 0), at(1000, 100, 200, 0), 2), 1, 'others keep one busy');
    assert.equal(
      idleBetween(at(0, 0, 0, 0), at(1000, 100, 200, 1_000_000), 2),
      2,
      'the busy processor was this process reading the last file: it is free for the next',
    );
    assert.equal(
      idleBetween(at(0, 0, 0, 0), at(1000, 0, 200, 1_000_000), 2),
      1,
      'this process used one, others the other',
    );
  });

  it('says nothing from samples too close together to count ticks', () => {
    assert.equal(idleBetween(at(0, 0, 0, 0), at(50, 10, 10, 0), 2), undefined);
    assert.equal(idleBetween(at(0, 0, 0, 0), at(1000, 0, 0, 0), 2), undefined);
  });

  it(
    'on Linux, a number of processors between none and all once sampling ran a while',
    { skip: !existsSync('/proc/stat') },
    async () => {
      idleProcessors(2);
      await new Promise((resolve) => setTimeout(resolve, 250));
      const idle = idleProcessors(2);
      assert.ok(idle !== undefined && idle >= 0 && idle <= 2, `idle ${idle}`);
    },
  );
});
