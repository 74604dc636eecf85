// Issue 18, huge captures: the pcap editor shows the first page of a file while the helper is still
// reading it. `capture/openFile` registers the file as reading begins; `capture/packets` pages what
// is read so far and says `reading`; closing or cancelling the open stops the read and frees the id.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MessageConnection, ResponseError } from 'vscode-jsonrpc/node';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { createPcapFile } from '../../../../src/helper/capture/pcapWriter';
import { CaptureSnapshotRequest, CloseCaptureRequest, HelperErrorCode } from '../../../../src/shared/helperProtocol';
import { CapturePacketsRequest, OpenCaptureFileRequest } from '../../../../src/shared/captureFileProtocol';
import type { CapturePage } from '../../../../src/shared/captureFileProtocol';
import { ipFrame } from '../../../fixtures/testFrames';
import { connectToServer, rejected } from './inProcessServer';

/** Enough packets that reading them takes several batches (the reader yields between batches). */
const PACKETS = 800_000;
const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-early-'));
const file = path.join(dir, 'big.pcap');

/**
 * Asks for the first page, the statistics and a filter's first matches at once (served one after
 * the other, between two batches of the read), until the page is full; says whether `opening` had
 * answered when the page came.
 */
async function readingTogether(
  client: MessageConnection,
  captureId: string,
  opening: Promise<unknown>,
): Promise<{ page: CapturePage; openAnswered: boolean; snapshot: ResponseError<unknown>; matches: CapturePage }> {
  let openAnswered = false;
  void opening.then(() => (openAnswered = true));
  for (;;) {
    const [[page, answeredThen], snapshot, matches] = await Promise.all([
      client
        .sendRequest(CapturePacketsRequest.type, { captureId, from: 1, count: 5 })
        .then((page) => [page, openAnswered] as const),
      rejected(client.sendRequest(CaptureSnapshotRequest.type, { captureId })),
      client.sendRequest(CapturePacketsRequest.type, { captureId, from: 1, count: 5, filter: '53' }),
    ]);
    if (page.packets.length === 5) return { page, openAnswered: answeredThen, snapshot, matches };
  }
}

/** Asks for the first page until it is full (the reader has read that far). */
async function firstPage(client: MessageConnection, captureId: string, filter?: string): Promise<CapturePage> {
  for (;;) {
    const page = await client.sendRequest(CapturePacketsRequest.type, { captureId, from: 1, count: 5, filter });
    if (page.packets.length === 5) return page;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a capture file paged while it is read', () => {
  let client: MessageConnection;

  before(() => {
    // UDP packets, every tenth to port 53: a block of ten records written once, repeated.
    const block = path.join(dir, 'block.pcap');
    const writer = createPcapFile(block, { linkType: 1 });
    for (const dport of [53, 9, 9, 9, 9, 9, 9, 9, 9, 9]) {
      const frame = ipFrame({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 1000, dport, payload: 4 });
      writer.write(1_700_000_000, 0, frame, 0, frame.length);
    }
    writer.close();
    const bytes = readFileSync(block);
    const records = bytes.subarray(24);
    const whole = Buffer.allocUnsafe(24 + (records.length * PACKETS) / 10);
    bytes.copy(whole, 0, 0, 24);
    for (let at = 24; at < whole.length; at += records.length) records.copy(whole, at);
    writeFileSync(file, whole);
    client = connectToServer();
  });

  after(() => {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the first page while the open is pending, marked reading, then the whole file', async () => {
    const opening = client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'early', path: file, threads: 1 });
    // The statistics and a filter asked with the first page: all three while the file is read.
    const { page, openAnswered, snapshot: early, matches } = await readingTogether(client, 'early', opening);
    assert.equal(openAnswered, false, 'the page came before the statistics');
    assert.equal(page.reading, true);
    assert.ok(page.total >= 5 && page.total < PACKETS, `total so far: ${page.total}`);
    assert.deepEqual(
      page.packets.map((packet) => [packet.index, packet.dstPort]),
      [
        [1, 53],
        [2, 9],
        [3, 9],
        [4, 9],
        [5, 9],
      ],
    );
    assert.equal(early.code, HelperErrorCode.InvalidParams);
    assert.match(early.message, /still being read/);
    assert.equal(matches.reading, true);
    assert.ok(matches.total < PACKETS / 10, `matches so far: ${matches.total}`);

    const snapshot = await opening;
    assert.equal(snapshot.counters.packets, PACKETS);
    // Read whole: the last packet, a filter over all of them, no longer marked reading.
    const [whole, dns] = await Promise.all([
      client.sendRequest(CapturePacketsRequest.type, { captureId: 'early', from: PACKETS, count: 5 }),
      client.sendRequest(CapturePacketsRequest.type, { captureId: 'early', from: 1, count: 1, filter: '53' }),
    ]);
    assert.deepEqual(
      [whole.total, whole.reading, whole.packets.map((packet) => packet.index), dns.total],
      [PACKETS, undefined, [PACKETS], PACKETS / 10],
    );
    await client.sendRequest(CloseCaptureRequest.type, { captureId: 'early' });
  });

  it('capture/close while the file is read stops the read: the open is cancelled and the id is free', async () => {
    const opening = rejected(
      client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'closed', path: file, threads: 1 }),
    );
    await firstPage(client, 'closed');
    await client.sendRequest(CloseCaptureRequest.type, { captureId: 'closed' });
    const error = await opening;
    assert.equal(error.code, HelperErrorCode.RequestCancelled);
    const gone = await rejected(
      client.sendRequest(CapturePacketsRequest.type, { captureId: 'closed', from: 1, count: 1 }),
    );
    assert.equal(gone.code, HelperErrorCode.UnknownCapture);
  });

  it('a cancelled open stops the read and frees the id', async () => {
    const source = new CancellationTokenSource();
    const opening = rejected(
      client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'cancelled', path: file, threads: 1 }, source.token),
    );
    await firstPage(client, 'cancelled');
    source.cancel();
    const error = await opening;
    assert.equal(error.code, HelperErrorCode.RequestCancelled);
    const gone = await rejected(
      client.sendRequest(CapturePacketsRequest.type, { captureId: 'cancelled', from: 1, count: 1 }),
    );
    assert.equal(gone.code, HelperErrorCode.UnknownCapture);
    const again = await client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'cancelled', path: file });
    assert.equal(again.counters.packets, PACKETS);
    await client.sendRequest(CloseCaptureRequest.type, { captureId: 'cancelled' });
  });

  it('an id in use is refused at once, even while its file is being read', async () => {
    const opening = client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'twice', path: file, threads: 1 });
    const taken = await rejected(client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'twice', path: file }));
    assert.equal(taken.code, HelperErrorCode.InvalidParams);
    assert.equal((await opening).counters.packets, PACKETS);
    await client.sendRequest(CloseCaptureRequest.type, { captureId: 'twice' });
  });
});
