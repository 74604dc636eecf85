// The file packet list: pages fetched by position as rows are read, bounded, and a filter change
// drops answers that arrive late for the old filter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PacketSummary } from '../../../src/shared/model/traffic';
import type { PacketPageParams } from '../../../src/shared/webviewProtocol';
import { maxPages, PacketPager, pageSize } from '../../../src/webview/traffic/packetPager';

const total = 100_000;
const packet = (index: number): PacketSummary => ({
  index,
  time: index,
  length: 60,
  capturedLength: 60,
  src: 'a',
  dst: 'b',
  protocol: index % 2 ? 'TCP' : 'UDP',
  info: '',
});

/** A host answering like capture/packets: with a filter, `from` counts matches. */
function host(delayMs = 0) {
  const asked: PacketPageParams[] = [];
  const fetch = async (params: PacketPageParams) => {
    asked.push(params);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const matching = params.filter === 'udp' ? total / 2 : total;
    const first = params.from - 1;
    const packets: PacketSummary[] = [];
    for (let i = first; i < Math.min(matching, first + params.count); i++) {
      packets.push(packet(params.filter === 'udp' ? 2 * (i + 1) : i + 1));
    }
    return { packets, total: matching };
  };
  return { asked, fetch };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

test('rows load a page at a time, once, and are kept within the page limit', async () => {
  const { asked, fetch } = host();
  let changes = 0;
  const pager = new PacketPager(fetch, () => changes++);
  await pager.reset('', total);
  assert.equal(pager.count, total);
  assert.equal(pager.at(0)?.index, 1);
  assert.equal(pager.at(60_000), undefined, 'not loaded yet');
  assert.equal(pager.at(60_001), undefined, 'same page: asked once');
  await settle();
  assert.equal(pager.at(60_000)?.index, 60_001);
  assert.deepEqual(
    asked.map((a) => a.from),
    [1, 120 * pageSize + 1],
  );
  for (let page = 0; page < maxPages + 10; page++) pager.at(page * pageSize);
  await settle();
  assert.equal(asked.length, 2 + maxPages + 10 - 1, 'page 0 was cached');
  assert.ok(changes > 0);
  assert.equal(pager.at(0)?.index, undefined, 'the oldest pages were dropped');
});

test('with a filter, positions count matches; a late answer for the old filter is dropped', async () => {
  const slow = host(20);
  const pager = new PacketPager(slow.fetch, () => undefined);
  const first = pager.reset('', total);
  await pager.reset('udp', total);
  await first;
  assert.equal(pager.count, total / 2);
  assert.equal(pager.at(0)?.index, 2);
  assert.equal(pager.at(1)?.index, 4);
});

test('a page that fails is not asked again until the next reset', async () => {
  let calls = 0;
  const errors: unknown[] = [];
  const pager = new PacketPager(
    () => {
      calls++;
      return Promise.reject(new Error('helper gone'));
    },
    (error) => errors.push(error),
  );
  await pager.reset('', 1000);
  pager.at(0);
  pager.at(1);
  await settle();
  assert.equal(calls, 1);
  assert.equal(errors.length, 1);
});

test('while a file is read, refresh asks again for the last page only, and the list grows', async () => {
  let read = 700;
  const asked: number[] = [];
  const pager = new PacketPager(
    (params) => {
      asked.push(params.from);
      const packets: PacketSummary[] = [];
      for (let i = params.from; i <= Math.min(read, params.from + params.count - 1); i++) packets.push(packet(i));
      return Promise.resolve({ packets, total: read, reading: true });
    },
    () => undefined,
  );
  await pager.reset('', 0);
  assert.equal(pager.count, 700);
  pager.at(600);
  await settle();
  read = 1800;
  await pager.refresh();
  assert.equal(pager.count, 1800);
  assert.equal(pager.at(999)?.index, 1000, 'the partial last page was asked again');
  assert.equal(pager.at(0)?.index, 1, 'the full first page was kept');
  assert.deepEqual(asked, [1, pageSize + 1, pageSize + 1]);
});
