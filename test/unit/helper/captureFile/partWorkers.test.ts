import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { PacketAggregator } from '../../../../src/helper/aggregate/packetAggregator';
import {
  holdWorkers,
  startPart,
  warmUpWorker,
  warmWorkers,
  workerIdle,
} from '../../../../src/helper/captureFile/partWorkers';

const repoRoot = path.resolve(__dirname, '../../../..');
const LAB_SMALL = path.join(repoRoot, 'test/fixtures/lab-small.pcap');
const WORKER = path.join(repoRoot, 'dist/captureFileWorker.js');

/** A worker's request for the whole of lab-small.pcap. */
function wholeFile() {
  const { limits } = new PacketAggregator({ interfaceName: 'x' });
  return { path: LAB_SMALL, from: 24, until: Number.MAX_SAFE_INTEGER, limits, interfaceName: 'x', withIndex: true };
}

/** Has a worker read the whole of lab-small.pcap, and gives the worker back. */
async function readPart(): Promise<void> {
  const part = startPart(WORKER, wholeFile());
  const reply = await part.reply;
  assert.ok(!('failed' in reply), 'the worker read its part');
  part.release();
}

/** whether `done` came true within 5 s */
async function until(done: () => boolean): Promise<boolean> {
  for (let waited = 0; !done() && waited < 5000; waited += 10) await delay(10);
  return done();
}

describe('part workers kept warm', { skip: !existsSync(WORKER) && 'dist/ is not built' }, () => {
  it('stay while a file is open (a hold), and end a while after the last hold goes', async () => {
    const saved = workerIdle.ms;
    workerIdle.ms = 50;
    try {
      await readPart();
      assert.ok(await until(() => warmWorkers(WORKER) === 1), 'the worker is given back');
      assert.ok(await until(() => warmWorkers(WORKER) === 0), 'an idle worker ends when nothing holds it');

      const release = holdWorkers();
      await readPart();
      assert.ok(await until(() => warmWorkers(WORKER) === 1), 'the worker is given back');
      await delay(300);
      assert.equal(warmWorkers(WORKER), 1, 'still warm six idle periods later, while held');
      release();
      release(); // a second call is no second release
      assert.ok(await until(() => warmWorkers(WORKER) === 0), 'it ends once the hold is gone');

      // A worker idle when a file is opened stays too, though that file needs none.
      workerIdle.ms = 500;
      await readPart();
      assert.ok(await until(() => warmWorkers(WORKER) === 1), 'the worker is given back');
      const again = holdWorkers();
      await delay(1500);
      assert.equal(warmWorkers(WORKER), 1, 'a worker idle before the hold stays while it lasts');
      again();
      assert.ok(await until(() => warmWorkers(WORKER) === 0), 'and ends once it is gone');
    } finally {
      workerIdle.ms = saved;
    }
  });

  it('a worker warmed up reads its part over and over, one worker, then waits with the idle ones', async () => {
    const saved = workerIdle.ms;
    workerIdle.ms = 50;
    try {
      holdWorkers()(); // the workers left from before end now
      assert.ok(await until(() => warmWorkers(WORKER) === 0));
      workerIdle.ms = saved;
      const started = performance.now();
      await warmUpWorker(WORKER, wholeFile(), 3);
      assert.ok(await until(() => warmWorkers(WORKER) === 1), 'one worker, given back');
      await delay(200);
      assert.equal(warmWorkers(WORKER), 1, `not two (${Math.round(performance.now() - started)} ms)`);
      await warmUpWorker(WORKER, { ...wholeFile(), path: '/nonexistent.pcap' }, 3); // one that fails ends
      assert.ok(await until(() => warmWorkers(WORKER) === 0), 'a worker that failed is not kept');
    } finally {
      workerIdle.ms = saved;
    }
  });
});
