import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseProcNet } from '../../../../src/helper/sockets/procNetSockets';
import { parseProcStat, socketInode } from '../../../../src/helper/sockets/processTable';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';

describe('/proc/net parsing', () => {
  const cases = [
    {
      name: 'IPv4, little-endian words',
      text: `${HEADER}   0: 0100007F:1F90 0B50D50A:C350 01 00000000:00000000 00:00000000 00000002  1000        0 4242 1 0000 20 4 30 10 -1\n`,
      family: 4 as const,
      littleEndian: true,
      expected: {
        localAddress: '127.0.0.1',
        localPort: 8080,
        remoteAddress: '10.213.80.11',
        remotePort: 50000,
        state: 1,
        uid: 1000,
        inode: 4242,
        retransmits: 2,
      },
    },
    {
      name: 'IPv4 on a big-endian machine',
      text: `${HEADER}   0: 7F000001:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0000 20 4 30 10 -1\n`,
      family: 4 as const,
      littleEndian: false,
      expected: {
        localAddress: '127.0.0.1',
        localPort: 80,
        remoteAddress: '0.0.0.0',
        remotePort: 0,
        state: 10,
        uid: 0,
        inode: 7,
        retransmits: 0,
      },
    },
    {
      name: 'IPv6 loopback and a v4-mapped peer',
      text: `${HEADER}   0: 00000000000000000000000001000000:1F90 0000000000000000FFFF00000100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 0000 20 4 30 10 -1\n`,
      family: 6 as const,
      littleEndian: true,
      expected: {
        localAddress: '::1',
        localPort: 8080,
        remoteAddress: '::ffff:127.0.0.1',
        remotePort: 54321,
        state: 1,
        uid: 1000,
        inode: 99,
        retransmits: 0,
      },
    },
  ];
  for (const { name, text, family, littleEndian, expected } of cases) {
    it(name, () => {
      const [socket] = parseProcNet(text, 'tcp', family, littleEndian);
      assert.deepEqual(socket, { protocol: 'tcp', family, ...expected, cookie: `inode:${expected.inode}` });
    });
  }

  it('leaves out time-wait sockets (no inode) and malformed lines', () => {
    const text = `${HEADER}   0: 0100007F:1F90 0100007F:C350 06 00000000:00000000 03:00000000 00000000     0        0 0 3 0000\n garbage\n`;
    assert.deepEqual(parseProcNet(text, 'tcp', 4, true), []);
  });
});

describe('/proc/<pid>/stat and descriptors', () => {
  it('reads a name with spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, index) => String(index));
    fields[0] = 'S';
    fields[1] = '41';
    fields[19] = '987654';
    assert.deepEqual(parseProcStat(`1234 (my (odd) name) ${fields.join(' ')}`), {
      pid: 1234,
      name: 'my (odd) name',
      ppid: 41,
      startTime: 987654,
    });
    assert.equal(parseProcStat('garbage'), undefined);
  });

  it('takes inodes from socket links only', () => {
    assert.equal(socketInode('socket:[12345]'), 12345);
    assert.equal(socketInode('pipe:[12345]'), 0);
    assert.equal(socketInode('/dev/null'), 0);
  });
});
