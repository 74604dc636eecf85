// Issue 18, huge captures: `capture/openFile` answers with each table cut to what a view keeps (the
// rows with the most bytes, the counters saying how many there are) and no IP conversations (no
// view of a file shows them), and `capture/rows` pages the whole tables, for exports.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createPcapFile } from '../../../../src/helper/capture/pcapWriter';
import { CaptureRowsRequest, OpenCaptureFileRequest } from '../../../../src/shared/captureFileProtocol';
import { CloseCaptureRequest, HelperErrorCode } from '../../../../src/shared/helperProtocol';
import type { FlowSummary, IpConversation } from '../../../../src/shared/model/traffic';
import { TRAFFIC_VIEW_LIMITS } from '../../../../src/shared/traffic/trafficLimits';
import { ipFrame } from '../../../fixtures/testFrames';
import { connectToServer, rejected } from './inProcessServer';

/** More flows than a view keeps. */
const FLOWS = TRAFFIC_VIEW_LIMITS.flows + 2345;
const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-tables-'));
const file = path.join(dir, 'many-flows.pcap');

describe('the tables of an opened file', () => {
  let client: MessageConnection;

  before(() => {
    // One UDP packet per flow, a millisecond apart, from 200 clients to one server, of sizes spread
    // over the file (so the largest are neither its first nor its last), from ports no tunnel uses.
    const writer = createPcapFile(file, { linkType: 1 });
    for (let i = 0; i < FLOWS; i++) {
      const src = `10.0.0.${1 + (i % 200)}`;
      const payload = (i * 7919) % 1000;
      const frame = ipFrame({ src, dst: '10.1.0.1', protocol: 'udp', sport: 20000 + i, dport: 9, payload });
      writer.write(1_700_000_000 + Math.floor(i / 1000), (i % 1000) * 1_000_000, frame, 0, frame.length);
    }
    writer.close();
    client = connectToServer();
  });

  after(() => {
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the open with the largest rows a view keeps, and pages every row for export', async () => {
    const snapshot = await client.sendRequest(OpenCaptureFileRequest.type, { captureId: 'many', path: file });
    assert.equal(snapshot.counters.packets, FLOWS);
    assert.equal(snapshot.flows.length, TRAFFIC_VIEW_LIMITS.flows);
    const flows: FlowSummary[] = [];
    for (let from = 1; ; from += 5000) {
      const page = await client.sendRequest(CaptureRowsRequest.type, {
        captureId: 'many',
        table: 'flows',
        from,
        count: 5000,
      });
      assert.equal(page.total, FLOWS);
      flows.push(...(page.rows as FlowSummary[]));
      if (page.rows.length < 5000) break;
    }
    assert.equal(flows.length, FLOWS);
    assert.equal(new Set(flows.map((flow) => flow.id)).size, FLOWS);
    // The largest: none left out has more bytes than one sent.
    const bytes = (flow: FlowSummary) => flow.bytesAtoB + flow.bytesBtoA;
    const sent = new Set(snapshot.flows.map((flow) => flow.id));
    const smallestSent = Math.min(...snapshot.flows.map(bytes));
    const largestLeft = Math.max(...flows.filter((flow) => !sent.has(flow.id)).map(bytes));
    assert.ok(largestLeft <= smallestSent, `left out ${largestLeft} B, sent ${smallestSent} B`);
    assert.ok(smallestSent > Math.min(...flows.map(bytes)));
    const hosts = await client.sendRequest(CaptureRowsRequest.type, {
      captureId: 'many',
      table: 'hosts',
      from: 1,
      count: 10,
    });
    assert.equal(hosts.rows.length, 10);
    assert.equal(hosts.total, snapshot.hosts.length, 'fewer hosts than a view keeps: all in the snapshot');
    // The 200 clients' conversations with the server: in no view of a file, so only paged.
    assert.deepEqual(snapshot.conversations, []);
    const conversations = await client.sendRequest(CaptureRowsRequest.type, {
      captureId: 'many',
      table: 'conversations',
      from: 1,
      count: 1000,
    });
    assert.deepEqual(snapshot.counters.tables, { flows: FLOWS, hosts: 201, conversations: 200 });
    assert.deepEqual(
      new Set((conversations.rows as IpConversation[]).map((row) => `${row.aAddr} ${row.bAddr}`)),
      new Set(Array.from({ length: 200 }, (_, i) => `10.0.0.${1 + i} 10.1.0.1`)),
    );
  });

  it('refuses bad parameters and captures that are not opened files', async () => {
    for (const params of [
      { captureId: 'many', table: 'packets', from: 1, count: 1 },
      { captureId: 'many', table: 'dnsNames', from: 1, count: 1 },
      { captureId: 'many', table: 'flows', from: 0, count: 1 },
      { captureId: 'many', table: 'flows', from: 1, count: 10_001 },
    ]) {
      const refused = await rejected(client.sendRequest(CaptureRowsRequest.type, params as never));
      assert.equal(refused.code, HelperErrorCode.InvalidParams, JSON.stringify(params));
    }
    const unknown = await rejected(
      client.sendRequest(CaptureRowsRequest.type, { captureId: 'none', table: 'flows', from: 1, count: 1 }),
    );
    assert.equal(unknown.code, HelperErrorCode.UnknownCapture);
    await client.sendRequest(CloseCaptureRequest.type, { captureId: 'many' });
  });
});
