// Which rows a virtualised table renders, at the top, the middle and the end, with and without
// the scroll height compressed for very long lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maxScrollPx, scrollTopToShow, visibleWindow } from '../../../src/webview/common/virtualWindow';

const base = { viewportHeight: 440, rowHeight: 22, overscan: 5 };

test('a short list renders every row with no padding', () => {
  const w = visibleWindow({ ...base, scrollTop: 0, rowCount: 10 });
  assert.deepEqual(w, { start: 0, end: 10, padTop: 0, padBottom: 0, scrollHeight: 220 });
});

test('10,000 rows render only the visible ones plus overscan, padded to the full height', () => {
  const top = visibleWindow({ ...base, scrollTop: 0, rowCount: 10_000 });
  assert.equal(top.start, 0);
  assert.equal(top.end, 26);
  assert.equal(top.padTop + (top.end - top.start) * 22 + top.padBottom, 220_000);
  const middle = visibleWindow({ ...base, scrollTop: 22 * 5000 + 7, rowCount: 10_000 });
  assert.equal(middle.start, 4995);
  assert.equal(middle.end, 5026);
  assert.equal(middle.padTop, 4995 * 22);
  const end = visibleWindow({ ...base, scrollTop: 1e9, rowCount: 10_000 });
  assert.equal(end.end, 10_000);
  assert.equal(end.padBottom, 0);
  assert.equal(end.padTop + (end.end - end.start) * 22, 220_000);
});

test('past the browser height limit rows map proportionally and the last row is reachable', () => {
  const rowCount = 2_000_000;
  const scrollHeight = maxScrollPx;
  const top = visibleWindow({ ...base, scrollTop: 0, rowCount });
  assert.equal(top.scrollHeight, scrollHeight);
  assert.equal(top.start, 0);
  const bottom = visibleWindow({ ...base, scrollTop: scrollHeight - base.viewportHeight, rowCount });
  assert.equal(bottom.end, rowCount);
  assert.equal(bottom.padBottom, 0);
  assert.ok(Math.abs(bottom.padTop + (bottom.end - bottom.start) * 22 - scrollHeight) < 1e-6);
  const half = visibleWindow({ ...base, scrollTop: (scrollHeight - base.viewportHeight) / 2, rowCount });
  assert.ok(Math.abs(half.start + base.overscan - (rowCount - 20) / 2) <= 1, `${half.start}`);
});

test('an empty or hidden table renders nothing', () => {
  assert.equal(visibleWindow({ ...base, scrollTop: 0, rowCount: 0 }).end, 0);
  assert.equal(visibleWindow({ ...base, viewportHeight: 0, scrollTop: 0, rowCount: 100 }).end, 0);
});

test('keyboard moves scroll just enough to show the selected row', () => {
  const input = { viewportHeight: 440, rowHeight: 22, rowCount: 10_000, scrollTop: 22 * 100 };
  assert.equal(scrollTopToShow(105, input), undefined);
  assert.equal(scrollTopToShow(99, input), 99 * 22);
  assert.equal(scrollTopToShow(120, input), (120 + 1 - 20) * 22);
  const long = { ...input, rowCount: 2_000_000, scrollTop: 0 };
  const target = scrollTopToShow(1_999_999, long)!;
  assert.ok(Math.abs(target - (maxScrollPx - 440)) < 1e-6);
});
