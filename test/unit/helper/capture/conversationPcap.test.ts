// The debug panel's "Export pcap": the packets of some conversations out of a recording. On the lab
// recording (two HTTP and two DNS conversations, tshark -z conv counts them: 12, 12, 2 and 2
// packets), one TCP and one UDP conversation are written whole, in order, byte for byte, matched
// either way round and through an IPv4-mapped address; the byte limit of a recording still being
// written is kept; bad conversations are refused with the entry named.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { checkConversations, writeConversationPcap } from '../../../../src/helper/capture/conversationPcap';
import { openPcapFile } from '../../../../src/helper/capture/pcapFile';
import type { ConversationKey } from '../../../../src/shared/helperProtocol';
import { recordLines } from '../../../fixtures/pcapFiles';

const fixture = path.join(__dirname, '..', '..', '..', 'fixtures', 'lab-small.pcap');
const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-conversations-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const http: ConversationKey = { transport: 'tcp', a: '10.213.36.12', aPort: 42432, b: '10.213.36.11', bPort: 80 };
// As a dual-stack socket names it, server first: the same conversation.
const dns: ConversationKey = { transport: 'udp', a: '::ffff:10.213.36.11', aPort: 53, b: '10.213.36.12', bPort: 48993 };

/** The records of the fixture that belong to `conversations`, as lines (by their ports: unique here). */
function expectedLines(ports: number[]): string[] {
  return recordLines(openPcapFile(fixture)).filter((line) => {
    const hex = line.split(' ')[3] ?? '';
    // Ethernet + IPv4 without options: the ports are at bytes 34 and 36.
    const source = parseInt(hex.slice(68, 72), 16);
    const destination = parseInt(hex.slice(72, 76), 16);
    return ports.includes(source) || ports.includes(destination);
  });
}

test('the packets of a TCP and a UDP conversation are written whole, in order, either way round', async () => {
  const recording = path.join(dir, 'recording.pcap');
  copyFileSync(fixture, recording);
  const out = path.join(dir, 'session.pcap');
  const saved = await writeConversationPcap(recording, statSync(recording).size, out, [http, dns]);
  const lines = recordLines(openPcapFile(out));
  assert.equal(saved.packets, 14);
  assert.equal(lines.length, 14);
  assert.deepEqual(lines, expectedLines([42432, 48993]));
  assert.equal(saved.bytes, statSync(out).size);
  // The same link type, snap length and time resolution as the recording.
  assert.deepEqual(readFileSync(out).subarray(0, 24), readFileSync(recording).subarray(0, 24));
});

test('records past the given byte are not read (a live recording is copied as it is now)', async () => {
  // The recording as it was three matching packets in: it ends after the third one's record.
  const wanted = new Set(expectedLines([42432, 48993]));
  const reader = openPcapFile(fixture);
  let end = 0;
  for (let matched = 0, record = reader.next(); record && matched < 3; record = reader.next()) {
    const line = `${record.linkType} ${record.seconds}.${record.nanoseconds} ${record.originalLength} ${record.data.toString('hex', record.offset, record.offset + record.capturedLength)}`;
    if (wanted.has(line)) matched++;
    end = reader.position;
  }
  reader.close();
  const out = path.join(dir, 'cut.pcap');
  const saved = await writeConversationPcap(fixture, end, out, [http, dns]);
  assert.equal(saved.packets, 3);
  assert.deepEqual(recordLines(openPcapFile(out)), expectedLines([42432, 48993]).slice(0, 3));
});

test('no conversation matches: an empty pcap, header only', async () => {
  const out = path.join(dir, 'none.pcap');
  const other: ConversationKey = { transport: 'tcp', a: '10.0.0.1', aPort: 1, b: '10.0.0.2', bPort: 2 };
  const saved = await writeConversationPcap(fixture, statSync(fixture).size, out, [other]);
  assert.deepEqual(saved, { packets: 0, bytes: 24 });
});

test('bad conversations are refused, naming the entry', () => {
  assert.deepEqual(checkConversations([http]), [http]);
  assert.throws(() => checkConversations('x'), /must be a list/);
  assert.throws(() => checkConversations([]), /at least one/);
  assert.throws(() => checkConversations([{ ...http, transport: 'icmp' }]), /conversations\[0\] needs transport/);
  assert.throws(() => checkConversations([http, { ...http, b: 'api.lab' }]), /conversations\[1\] needs IP addresses/);
  assert.throws(() => checkConversations([{ ...http, aPort: 70000 }]), /ports aPort and bPort/);
  assert.throws(() => checkConversations([null]), /conversations\[0\] is not an object/);
});
