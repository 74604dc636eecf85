import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessEntry } from '../../../../src/shared/model/sockets';
import { processForest, processTreeLines } from '../../../../src/shared/sockets/processForest';

const p = (pid: number, ppid: number, startTime = 100, exitedAt?: number): ProcessEntry => ({
  pid,
  ppid,
  startTime,
  uid: 1000,
  name: `p${pid}`,
  ...(exitedAt !== undefined ? { exitedAt } : {}),
});

/** The forest drawn flat as "pid@level". */
const drawn = (entries: ProcessEntry[]) =>
  processTreeLines(processForest(entries)).map(
    (line) => `${line.entry.pid}@${line.level}${line.hasChildren ? '+' : ''}`,
  );

describe('processForest', () => {
  const cases: { name: string; input: ProcessEntry[]; expected: string[] }[] = [
    { name: 'a root alone', input: [p(10, 1)], expected: ['10@1'] },
    {
      name: 'children under their parent, grandchildren deeper, parents first in any input order',
      input: [p(12, 11), p(11, 10), p(10, 1), p(13, 10)],
      expected: ['10@1+', '11@2+', '12@3', '13@2'],
    },
    { name: 'two roots, a parent not listed', input: [p(20, 5), p(10, 1)], expected: ['10@1', '20@1'] },
    {
      name: 'an exited child is still drawn under its parent',
      input: [p(10, 1), p(11, 10, 100, 5000)],
      expected: ['10@1+', '11@2'],
    },
    {
      name: 'a reused pid that started after its "child" is not its parent',
      input: [p(10, 1, 500), p(11, 10, 200)],
      expected: ['10@1', '11@1'],
    },
    { name: 'a loop of reused pids is cut', input: [p(10, 11), p(11, 10)], expected: ['10@1+', '11@2'] },
  ];
  for (const { name, input, expected } of cases) it(name, () => assert.deepEqual(drawn(input), expected));

  it('orders siblings as asked', () => {
    const lines = processTreeLines(processForest([p(10, 1), p(11, 10), p(12, 10)], (a, b) => b.pid - a.pid));
    assert.deepEqual(
      lines.map((line) => line.entry.pid),
      [10, 12, 11],
    );
  });
});
