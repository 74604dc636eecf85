import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { socketOutcome, SocketTracker } from '../../../../src/helper/sockets/socketTracker';
import { info, sock } from './fakeOs';

const owner = (pid: number) => () => pid;
const always = () => true;

describe('SocketTracker', () => {
  it('counts no history at the first tick, then bytes between ticks as rates', () => {
    const tracker = new SocketTracker();
    const first = tracker.tick(
      0,
      [sock(1, { tcpInfo: info({ bytesAcked: 1000, bytesReceived: 500 }) })],
      [],
      owner(7),
      always,
    );
    assert.equal(first.rows.length, 1);
    assert.equal(first.deltas.size, 0);
    assert.equal(first.rows[0].state, 'ESTAB');
    const second = tracker.tick(
      2000,
      [sock(1, { tcpInfo: info({ bytesAcked: 3000, bytesReceived: 900 }) })],
      [],
      owner(7),
      always,
    );
    assert.deepEqual(second.deltas.get(7), { sent: 2000, received: 400 });
    assert.equal(second.rows[0].sendBytesPerSecond, 1000);
    assert.equal(second.rows[0].receiveBytesPerSecond, 200);
    assert.equal(second.rows[0].bytesAcked, 3000);
  });

  it('counts a new socket’s bytes in the tick it appears, except for a process that just joined', () => {
    const tracker = new SocketTracker();
    tracker.tick(0, [], [], owner(7), always);
    const counted = tracker.tick(1000, [sock(1, { tcpInfo: info({ bytesAcked: 10 }) })], [], owner(7), always);
    assert.deepEqual(counted.deltas.get(7), { sent: 10, received: 0 });
    const joined = tracker.tick(2000, [sock(2, { tcpInfo: info({ bytesAcked: 99 }) })], [], owner(8), () => false);
    assert.equal(joined.deltas.get(8), undefined);
  });

  it('lists only rows that changed', () => {
    const tracker = new SocketTracker();
    const socket = sock(1, { tcpInfo: info({ bytesAcked: 5 }) });
    tracker.tick(0, [socket], [], owner(7), always);
    assert.equal(tracker.tick(1000, [socket], [], owner(7), always).rows.length, 0);
  });

  it('closes a row with the close event’s final counters, and keeps it', () => {
    const tracker = new SocketTracker();
    tracker.tick(0, [sock(1, { tcpInfo: info({ bytesAcked: 100, bytesReceived: 100 }) })], [], owner(7), always);
    // The close event has no inode any more, and may have lost its peer's port.
    const closed = sock(1, {
      inode: 0,
      state: 7,
      remotePort: 0,
      tcpInfo: info({ bytesAcked: 201, bytesReceived: 151 }),
    });
    const tick = tracker.tick(1000, [], [closed], () => undefined, always);
    const row = tick.rows[0];
    assert.equal(row.closedAt, 1000);
    assert.equal(row.outcome, 'closed');
    assert.equal(row.bytesAcked, 201);
    assert.equal(row.remotePort, 80);
    assert.deepEqual(tick.deltas.get(7), { sent: 101, received: 51 });
    assert.equal(tracker.rows().length, 1);
    assert.equal(tracker.openRows().length, 0);
  });

  it('follows a socket its process closed (no inode) until it goes, and closes vanished rows', () => {
    const tracker = new SocketTracker();
    tracker.tick(0, [sock(1)], [], owner(7), always);
    const lingering = tracker.tick(1000, [sock(1, { inode: 0, state: 4 })], [], () => undefined, always);
    assert.equal(lingering.rows[0].state, 'FIN-WAIT-1');
    assert.equal(lingering.rows[0].pid, 7);
    const gone = tracker.tick(2000, [], [], () => undefined, always);
    assert.equal(gone.rows[0].closedAt, 2000);
  });

  it('counts closes of sockets never seen open that may be the watched user’s', () => {
    const tracker = new SocketTracker();
    const tick = tracker.tick(
      0,
      [],
      [sock(1, { inode: 0 }), sock(2, { inode: 0, uid: 0 })],
      () => undefined,
      always,
      (socket) => socket.uid === 1000,
    );
    assert.equal(tick.unattributedCloses, 1);
    assert.equal(tick.rows.length, 0);
  });
});

describe('socketOutcome', () => {
  const cases = [
    {
      name: 'refused: one segment each way, no handshake',
      last: sock(1, { state: 7, tcpInfo: info({ options: 0, segsOut: 1, segsIn: 1 }) }),
      lastState: 2,
      expected: 'refused',
    },
    {
      name: 'timeout: SYNs unanswered',
      last: sock(1, { state: 7, tcpInfo: info({ options: 0, segsOut: 3, segsIn: 0, totalRetrans: 2 }) }),
      lastState: 2,
      expected: 'timeout',
    },
    {
      name: 'closed after data',
      last: sock(1, { state: 7, tcpInfo: info({ bytesReceived: 10 }) }),
      lastState: 1,
      expected: 'closed',
    },
    {
      name: 'a listener',
      last: sock(1, { state: 7, tcpInfo: info({ options: 0, segsOut: 0, segsIn: 0 }) }),
      lastState: 10,
      expected: 'closed',
    },
    { name: 'UDP', last: sock(1, { protocol: 'udp', tcpInfo: undefined }), lastState: 7, expected: 'closed' },
    {
      name: '/proc: SYN-SENT with retransmits',
      last: sock(1, { tcpInfo: undefined, retransmits: 2 }),
      lastState: 2,
      expected: 'timeout',
    },
    {
      name: '/proc: established',
      last: sock(1, { tcpInfo: undefined, retransmits: 0 }),
      lastState: 1,
      expected: 'closed',
    },
  ] as const;
  for (const { name, last, lastState, expected } of cases) {
    it(name, () => assert.equal(socketOutcome(last, lastState), expected));
  }
});
