import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SocketWatch } from '../../../../src/helper/sockets/socketWatch';
import { FakeOs, info, proc, sock } from './fakeOs';

function treeWatch(os: FakeOs, pids: number[]): SocketWatch {
  return new SocketWatch({ watchId: 'w', pids, tree: true, allProcesses: false }, os, os, 1000);
}

/** A watch of pid 10 (socket 1) beside an unwatched pid 20 (socket 3), read once at 0. */
function watchedBesideNoise(): { os: FakeOs; watch: SocketWatch } {
  const os = new FakeOs();
  os.table = [proc(10, 1), proc(20, 1)];
  os.fds.set(10, [1]).set(20, [3]);
  os.sockets = [sock(1), sock(3)];
  const watch = treeWatch(os, [10]);
  watch.read(0);
  return { os, watch };
}

describe('SocketWatch', () => {
  it('finds the tree’s sockets through their descriptors and sums traffic per process', () => {
    const os = new FakeOs();
    os.table = [proc(10, 1), proc(11, 10), proc(20, 1)];
    os.fds.set(10, [1]).set(11, [2]).set(20, [3]);
    os.sockets = [sock(1), sock(2), sock(3)];
    const watch = treeWatch(os, [10]);
    const first = watch.read(0);
    assert.deepEqual(
      first.sockets.map((row) => [row.id, row.pid]),
      [
        ['c1', 10],
        ['c2', 11],
      ],
    );
    assert.deepEqual(
      first.processes.map((entry) => [entry.pid, entry.command]),
      [
        [10, '/usr/bin/prog10 --flag'],
        [11, '/usr/bin/prog11 --flag'],
      ],
    );
    os.sockets = [
      sock(1, { tcpInfo: info({ bytesAcked: 4000 }) }),
      sock(2, { tcpInfo: info({ bytesReceived: 1000 }) }),
      sock(3, { tcpInfo: info({ bytesAcked: 1e6 }) }),
    ];
    const second = watch.read(2000);
    const traffic = Object.fromEntries(second.traffic.map((entry) => [entry.pid, entry]));
    assert.equal(traffic[10].sendBytesPerSecond, 2000);
    assert.equal(traffic[10].name, 'prog10');
    assert.equal(traffic[11].receivedBytes, 1000);
    assert.equal(traffic[20], undefined, 'noise stays out');
  });

  it('reads descriptors again only when a socket of unknown owner appears', () => {
    const { os, watch } = watchedBesideNoise();
    watch.read(1000);
    watch.read(2000);
    assert.equal(watch.descriptorScans, 1);
    os.sockets = [sock(1), sock(3), sock(4, { uid: 0 })];
    watch.read(3000);
    assert.equal(watch.descriptorScans, 1, 'another user’s socket cannot be ours');
    os.sockets = [sock(1), sock(3), sock(5)];
    os.fds.set(10, [1, 5]);
    const tick = watch.read(4000);
    assert.equal(watch.descriptorScans, 2);
    assert.equal(tick.sockets.find((row) => row.id === 'c5')?.pid, 10);
  });

  it('learns roots later and lists processes that exited', () => {
    const os = new FakeOs();
    os.table = [proc(10, 1), proc(30, 1)];
    os.fds.set(30, [7]);
    os.sockets = [sock(7, { tcpInfo: info({ bytesAcked: 500 }) })];
    const watch = treeWatch(os, [10]);
    assert.equal(watch.read(0).sockets.length, 0);
    watch.addRoots([30]);
    const joined = watch.read(1000);
    assert.equal(joined.sockets[0]?.pid, 30);
    assert.equal(
      joined.traffic.find((entry) => entry.pid === 30)?.sentBytes,
      0,
      'bytes from before it joined are not counted',
    );
    os.table = [proc(30, 1)];
    const exited = watch.read(2000);
    assert.equal(exited.processes.find((entry) => entry.pid === 10)?.exitedAt, 2000);
  });

  it('with allProcesses, watches every process of the user that holds a socket', () => {
    const os = new FakeOs();
    os.table = [proc(10, 1), proc(11, 1), proc(12, 1, 100, 0)];
    os.fds.set(10, [1]).set(11, []).set(12, [2]);
    os.sockets = [sock(1), sock(2, { uid: 0 })];
    const watch = new SocketWatch({ watchId: 'all', pids: [], tree: false, allProcesses: true }, os, os, 1000);
    const tick = watch.read(0);
    assert.deepEqual(
      tick.sockets.map((row) => row.pid),
      [10],
    );
    assert.deepEqual(
      tick.processes.map((entry) => entry.pid),
      [10],
    );
  });

  it('a snapshot holds open and closed rows', () => {
    const os = new FakeOs();
    os.table = [proc(10, 1)];
    os.fds.set(10, [1, 2]);
    os.sockets = [sock(1), sock(2)];
    const watch = treeWatch(os, [10]);
    watch.read(0);
    os.sockets = [sock(1)];
    os.closes = [sock(2, { inode: 0, state: 7 })];
    watch.read(1000);
    const snapshot = watch.snapshot(1000);
    assert.deepEqual(snapshot.sockets.map((row) => [row.id, row.closedAt]).sort(), [
      ['c1', undefined],
      ['c2', 1000],
    ]);
  });

  it('follows descriptors between ticks: a connect refused before the next tick keeps its process', () => {
    const { os, watch } = watchedBesideNoise();
    assert.equal(watch.follow(100), undefined, 'nothing new: no reading');
    // pid 10 connects (SYN-SENT), the noise too; both are refused before the tick.
    const synSent = info({ options: 0, segsOut: 1, segsIn: 0, bytesAcked: 0 });
    os.fds.set(10, [1, 5]).set(20, [3, 6]);
    os.sockets = [sock(1), sock(3), sock(5, { state: 2, tcpInfo: synSent }), sock(6, { state: 2, tcpInfo: synSent })];
    const sighting = watch.follow(200);
    assert.deepEqual(
      sighting?.sockets.map((row) => [row.id, row.pid, row.state]),
      [['c5', 10, 'SYN-SENT']],
      'the new connection is sent at once, the noise’s is not',
    );
    assert.equal(sighting?.tick, 2, 'numbered among the ticks');
    const refused = info({ options: 0, segsOut: 1, segsIn: 1 });
    os.fds.set(10, [1]).set(20, [3]);
    os.sockets = [sock(1), sock(3)];
    // Close events carry neither uid nor inode (uid 0 as the kernel sends them): 7 was never listed.
    const closed = { inode: 0, state: 7, uid: 0, tcpInfo: refused };
    os.closes = [sock(5, closed), sock(6, closed), sock(7, closed)];
    const tick = watch.read(1000);
    assert.equal(tick.tick, 3);
    const row = tick.sockets.find((entry) => entry.id === 'c5');
    assert.deepEqual([row?.pid, row?.outcome, row?.closedAt], [10, 'refused', 1000]);
    assert.equal(tick.sockets.length, 1, 'the noise’s close is no row');
    assert.equal(tick.unattributedCloses, 1, 'only the close of a socket no reading listed is counted');
  });

  it('a sighting’s bytes count once, in the next tick', () => {
    const os = new FakeOs();
    os.table = [proc(10, 1)];
    os.fds.set(10, []);
    const watch = treeWatch(os, [10]);
    watch.read(0);
    os.fds.set(10, [5]);
    os.sockets = [sock(5, { tcpInfo: info({ bytesAcked: 300 }) })];
    assert.equal(watch.follow(500)?.sockets.length, 1);
    assert.equal(watch.follow(600), undefined, 'seen once');
    os.sockets = [sock(5, { tcpInfo: info({ bytesAcked: 1000 }) })];
    const tick = watch.read(1000);
    assert.equal(tick.traffic.find((entry) => entry.pid === 10)?.sentBytes, 1000);
  });
});
