import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createPcapFile } from '../../../../src/helper/capture/pcapWriter';
import { CaptureSnapshotRequest, CloseCaptureRequest, HelperErrorCode } from '../../../../src/shared/helperProtocol';
import {
  CapturePacketDetailRequest,
  CapturePacketsRequest,
  CaptureRowsRequest,
  OpenCaptureFileRequest,
} from '../../../../src/shared/captureFileProtocol';
import type { IpConversation } from '../../../../src/shared/model/traffic';
import { ipFrame } from '../../../fixtures/testFrames';
import { connectToServer, rejected } from './inProcessServer';

const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-capfile-'));
const PACKETS = 3000;

describe('capture files over the helper protocol', () => {
  const file = path.join(dir, 'lab.pcap');
  let client: MessageConnection;

  before(() => {
    // Every tenth packet is DNS, the others TCP to port 8000 from a few clients.
    const writer = createPcapFile(file, { linkType: 1 });
    for (let i = 0; i < PACKETS; i++) {
      const frame =
        i % 10 === 0
          ? ipFrame({ src: '10.0.0.1', dst: '10.0.0.53', protocol: 'udp', sport: 40000 + i, dport: 53, payload: 20 })
          : ipFrame({ src: `10.0.0.${2 + (i % 3)}`, dst: '10.0.0.9', protocol: 'tcp', sport: 50000, dport: 8000 });
      writer.write(1_700_000_000 + Math.floor(i / 100), (i % 100) * 1000, frame, 0, frame.length);
    }
    writer.close();
    client = connectToServer();
  });

  after(() => {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a file and answers its statistics; the snapshot can be asked again', async () => {
    const snapshot = await client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'f1', path: file });
    assert.equal(snapshot.counters.packets, PACKETS);
    assert.equal(snapshot.running, false);
    assert.deepEqual(snapshot.source, { kind: 'file', path: file, format: 'pcap', linkTypes: [1] });
    assert.deepEqual(snapshot.counters.tables, { flows: 303, hosts: 6, conversations: 4 });
    // Its packets are paged (capture/packets), its IP conversations too (capture/rows): no view of
    // a file shows them, so the answer carries none.
    assert.equal(snapshot.recent.length, 0);
    assert.equal(snapshot.conversations.length, 0);
    const conversations = await client.sendRequest(CaptureRowsRequest.type, {
      captureId: 'f1',
      table: 'conversations',
      from: 1,
      count: 10,
    });
    assert.deepEqual((conversations.rows as IpConversation[]).map((row) => `${row.aAddr} ${row.bAddr}`).sort(), [
      '10.0.0.1 10.0.0.53',
      '10.0.0.2 10.0.0.9',
      '10.0.0.3 10.0.0.9',
      '10.0.0.4 10.0.0.9',
    ]);
    const again = await client.sendRequest(CaptureSnapshotRequest.type, { captureId: 'f1' });
    assert.deepEqual(again, snapshot);
  });

  it("pages packets by frame number, and by position among a filter's matches", async () => {
    const page = await client.sendRequest(CapturePacketsRequest.type, { captureId: 'f1', from: 11, count: 3 });
    assert.equal(page.total, PACKETS);
    assert.deepEqual(
      page.packets.map((packet) => [packet.index, packet.protocol, packet.src]),
      [
        [11, 'DNS', '10.0.0.1'],
        [12, 'TCP', '10.0.0.4'],
        [13, 'TCP', '10.0.0.2'],
      ],
    );
    const dns = await client.sendRequest(CapturePacketsRequest.type, {
      captureId: 'f1',
      from: 2,
      count: 2,
      filter: 'dns 10.0.0.53',
    });
    assert.equal(dns.total, PACKETS / 10);
    assert.deepEqual(
      dns.packets.map((packet) => packet.index),
      [11, 21],
    );
    const end = await client.sendRequest(CapturePacketsRequest.type, { captureId: 'f1', from: PACKETS, count: 5 });
    assert.deepEqual(
      end.packets.map((packet) => packet.index),
      [PACKETS],
    );
  });

  it('dissects one packet, read again from the file', async () => {
    const detail = await client.sendRequest(CapturePacketDetailRequest.type, { captureId: 'f1', index: 12 });
    assert.equal(detail.summary.index, 12);
    assert.ok(detail.layers.some((layer) => layer.name === 'tcp'));
    const frame = ipFrame({ src: '10.0.0.4', dst: '10.0.0.9', protocol: 'tcp', sport: 50000, dport: 8000 });
    assert.equal(Buffer.from(detail.bytesBase64, 'base64').toString('hex'), frame.toString('hex'));
    const missing = await rejected(client.sendRequest(CapturePacketDetailRequest.type, { captureId: 'f1', index: 0 }));
    assert.equal(missing.code, HelperErrorCode.InvalidParams);
  });

  it('keeps what precedes damage in a file cut short, and says where', async () => {
    const cut = path.join(dir, 'cut.pcap');
    const whole = readFileSync(file);
    writeFileSync(cut, whole.subarray(0, whole.length - 10));
    const snapshot = await client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'cut', path: cut });
    assert.equal(snapshot.counters.packets, PACKETS - 1);
    assert.ok(snapshot.source.kind === 'file' && snapshot.source.problem);
    assert.match(snapshot.source.problem.message, /truncated packet record at offset \d+/);
    await client.sendRequest(CloseCaptureRequest.type, { captureId: 'cut' });
  });

  it('refuses what it cannot read with BadCaptureFile naming the offset, and bad parameters', async () => {
    const text = path.join(dir, 'notes.txt');
    writeFileSync(text, 'hello, not a capture');
    const bad = await rejected(client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'x', path: text }));
    assert.equal(bad.code, HelperErrorCode.BadCaptureFile);
    assert.match(bad.message, /not a pcap or pcapng file at offset 0/);
    const missing = await rejected(
      client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'x', path: path.join(dir, 'nothing.pcap') }),
    );
    assert.equal(missing.code, HelperErrorCode.BadCaptureFile);
    assert.match(missing.message, /no such file/);
    const relative = await rejected(
      client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'x', path: 'a.pcap' }),
    );
    assert.equal(relative.code, HelperErrorCode.InvalidParams);
    for (const threads of [0, 17, 1.5, '2']) {
      const wrong = await rejected(
        client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'x', path: file, threads: threads as number }),
      );
      assert.equal(wrong.code, HelperErrorCode.InvalidParams);
      assert.match(wrong.message, /threads must be a whole number from 1 to 16/);
    }
    const taken = await rejected(client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'f1', path: file }));
    assert.equal(taken.code, HelperErrorCode.InvalidParams);
    const page = await rejected(client.sendRequest(CapturePacketsRequest.type, { captureId: 'f1', from: 0, count: 5 }));
    assert.equal(page.code, HelperErrorCode.InvalidParams);
  });

  it('refuses a FIFO, a device and a folder named like captures, at once (a FIFO blocked the helper forever)', async () => {
    const fifo = path.join(dir, 'pipe.pcap');
    execFileSync('mkfifo', [fifo]);
    const folder = path.join(dir, 'folder.pcapng');
    mkdirSync(folder);
    const cases: [string, RegExp][] = [
      [fifo, /it is a FIFO, not a regular file/],
      ['/dev/zero', /it is a device, not a regular file/],
      [folder, /it is a folder, not a regular file|it is a directory/],
    ];
    for (const [target, message] of cases) {
      const refused = await rejected(client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'x', path: target }));
      assert.equal(refused.code, HelperErrorCode.BadCaptureFile, target);
      assert.match(refused.message, message);
    }
    const text = path.join(dir, 'secret.txt');
    writeFileSync(text, 'hunter2 and more');
    const bad = await rejected(client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'x', path: text }));
    assert.doesNotMatch(bad.message, /hunt|0x68756e74/, 'no byte of the file in the message');
  });

  it('forgets a closed file', async () => {
    await client.sendRequest(CloseCaptureRequest.type, { captureId: 'f1' });
    const gone = await rejected(client.sendRequest(CaptureSnapshotRequest.type, { captureId: 'f1' }));
    assert.equal(gone.code, HelperErrorCode.UnknownCapture);
    const again = await rejected(client.sendRequest(CloseCaptureRequest.type, { captureId: 'f1' }));
    assert.equal(again.code, HelperErrorCode.UnknownCapture);
  });
});
