// Issue 18, item 7: a filter over a growing recording reads only the packets it has not seen, and
// a filter over many packets yields to the event loop instead of blocking the helper.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createPcapFile } from '../../../../src/helper/capture/pcapWriter';
import { GrowingFileIndex } from '../../../../src/helper/captureFile/growingFileIndex';
import { PacketPager } from '../../../../src/helper/captureFile/packetPager';
import { PacketRecords } from '../../../../src/helper/captureFile/packetRecords';
import type { PcapRecord } from '../../../../src/helper/capture/pcapRecord';
import { ipFrame } from '../../../fixtures/testFrames';

/** A pcap of `count` UDP packets; every tenth goes to port 53, the rest to 9. */
function writePcap(file: string, count: number): void {
  const writer = createPcapFile(file, { linkType: 1 });
  for (let i = 0; i < count; i++) {
    const frame = ipFrame({
      src: '10.0.0.1',
      dst: '10.0.0.2',
      protocol: 'udp',
      sport: 1000,
      dport: i % 10 === 0 ? 53 : 9,
      payload: 4,
    });
    writer.write(1_700_000_000 + i, 0, frame, 0, frame.length);
  }
  writer.close();
}

/** PacketRecords that counts the packets read again. */
class CountingRecords extends PacketRecords {
  reads = 0;
  override read(frame: number): PcapRecord {
    this.reads++;
    return super.read(frame);
  }
}

describe('PacketPager filters', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-pager-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a recording that grew is filtered from where the filter stopped', async () => {
    const whole = path.join(dir, 'whole.pcap');
    writePcap(whole, 2000);
    const bytes = readFileSync(whole);
    const growing = path.join(dir, 'growing.pcap');
    const half = 24 + (1000 * (bytes.length - 24)) / 2000;
    writeFileSync(growing, bytes.subarray(0, half));
    const index = new GrowingFileIndex(growing);
    index.refresh();
    const packets = new CountingRecords(growing, index.index);
    try {
      const pager = new PacketPager(packets);
      const first = await pager.page(1, 5, '53');
      assert.equal(first.total, 100);
      const readsFirst = packets.reads;
      appendFileSync(growing, bytes.subarray(half));
      index.refresh();
      packets.reads = 0;
      const second = await pager.page(101, 5, '53');
      assert.equal(second.total, 200);
      assert.deepEqual(
        second.packets.map((packet) => packet.index),
        [1001, 1011, 1021, 1031, 1041],
      );
      // 1,000 new packets read for the filter and 5 for the page: the first 1,000 are not read again.
      assert.equal(packets.reads, 1005, `first page read ${readsFirst}`);
    } finally {
      packets.close();
    }
  });

  it('a filter over many packets lets other work run while it reads', async () => {
    const file = path.join(dir, 'many.pcap');
    writePcap(file, 50_000);
    const index = new GrowingFileIndex(file);
    index.refresh();
    const packets = new PacketRecords(file, index.index);
    try {
      let turns = 0;
      const ticker = setInterval(() => turns++, 0);
      const page = await new PacketPager(packets).page(1, 3, '53');
      clearInterval(ticker);
      assert.equal(page.total, 5000);
      assert.ok(turns >= 3, `timers ran ${turns} times while the filter read 50,000 packets`);
    } finally {
      packets.close();
    }
  });
});
