import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescriptorFollow } from '../../../../src/helper/sockets/descriptorFollow';
import type { ProcessReader } from '../../../../src/helper/sockets/processTable';

/** A process 10 whose descriptors (name → socket inode) a test sets; counts the links read. */
function fakeReader(table: Map<string, number>): ProcessReader & { links: number } {
  const reader = {
    links: 0,
    processes: () => [],
    socketInodes: () => [...table.values()],
    commandLine: () => undefined,
    descriptors: (pid: number) => (pid === 10 ? [...table.keys()] : undefined),
    descriptorInode: (_pid: number, name: string) => {
      reader.links += 1;
      return table.get(name) ?? 0;
    },
  };
  return reader;
}

describe('DescriptorFollow', () => {
  it('a small table is read whole at each look: a reused descriptor number is seen at once', () => {
    const table = new Map([['3', 100]]);
    const follow = new DescriptorFollow(fakeReader(table));
    const pids = new Set([10]);
    assert.equal(follow.poll(pids).size, 0, 'the first look only learns');
    table.set('3', 101);
    assert.deepEqual([...follow.poll(pids)], [[101, 10]]);
    assert.equal(follow.poll(pids).size, 0, 'seen once');
  });

  it('a large table has only new numbers read, and every number at every tenth look', () => {
    const table = new Map(Array.from({ length: 1000 }, (_, fd) => [String(fd), 1000 + fd]));
    const reader = fakeReader(table);
    const follow = new DescriptorFollow(reader);
    const pids = new Set([10]);
    follow.poll(pids);
    reader.links = 0;
    table.set('1000', 5000);
    assert.deepEqual([...follow.poll(pids)], [[5000, 10]], 'a new number at once');
    assert.equal(reader.links, 1, 'one link read');
    table.set('7', 6000); // closed and reused between looks
    const seen = new Map<number, number>();
    for (let look = 3; look <= 10; look++) for (const [inode, pid] of follow.poll(pids)) seen.set(inode, pid);
    assert.deepEqual([...seen], [[6000, 10]], 'the reused number by the full look');
  });
});
