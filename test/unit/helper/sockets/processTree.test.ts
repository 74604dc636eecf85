import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProcessTree } from '../../../../src/helper/sockets/processTree';
import { proc } from './fakeOs';

const alive = (tree: ProcessTree) =>
  tree
    .entries()
    .filter((entry) => entry.exitedAt === undefined)
    .map((entry) => entry.pid)
    .sort((a, b) => a - b);

describe('ProcessTree', () => {
  it('follows the roots and every descendant, and says who joined', () => {
    const tree = new ProcessTree();
    tree.addRoot(10);
    const first = tree.update([proc(1, 0), proc(10, 1), proc(11, 10), proc(12, 11), proc(20, 1)], 0);
    assert.deepEqual(
      [...first.alive].sort((a, b) => a - b),
      [10, 11, 12],
    );
    assert.deepEqual(
      [...first.joined].sort((a, b) => a - b),
      [10, 11, 12],
    );
    const second = tree.update([proc(1, 0), proc(10, 1), proc(11, 10), proc(12, 11), proc(13, 10, 200)], 1);
    assert.deepEqual([...second.joined], [13]);
  });

  it('keeps a reparented descendant and lists exited members with when they exited', () => {
    const tree = new ProcessTree();
    tree.addRoot(10);
    tree.update([proc(10, 1), proc(11, 10)], 0);
    tree.update([proc(11, 1)], 5);
    assert.deepEqual(alive(tree), [11]);
    assert.equal(tree.entries().find((entry) => entry.pid === 10)?.exitedAt, 5);
  });

  it('never mistakes a reused pid for a member', () => {
    const tree = new ProcessTree();
    tree.addRoot(10);
    tree.update([proc(10, 1, 100), proc(11, 10, 150)], 0);
    // Both exit; their pids come back as other processes (other start times).
    const after = tree.update([proc(10, 1, 900), proc(11, 1, 901)], 1);
    assert.deepEqual([...after.alive], []);
    assert.deepEqual(alive(tree), []);
    assert.equal(tree.has(10), false);
  });

  it('pins a root to the start time it was given', () => {
    const tree = new ProcessTree();
    tree.addRoot(10, 555);
    assert.deepEqual([...tree.update([proc(10, 1, 100)], 0).alive], []);
    assert.deepEqual([...tree.update([proc(10, 1, 555)], 1).alive], [10]);
  });

  it('never adopts a child older than its parent (its ppid names a reused pid)', () => {
    const tree = new ProcessTree();
    tree.addRoot(10);
    assert.deepEqual([...tree.update([proc(10, 1, 500), proc(11, 10, 400)], 0).alive], [10]);
  });

  it('watches the roots alone when not following children', () => {
    const tree = new ProcessTree(false);
    tree.addRoot(10);
    assert.deepEqual([...tree.update([proc(10, 1), proc(11, 10)], 0).alive], [10]);
  });
});
