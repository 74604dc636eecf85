// TCP segments numbered as Wireshark shows them by default, against tshark: relative sequence and
// acknowledgment numbers, the scaled window in the Info column, and the details pane's relative
// numbers, calculated window and scaling factor. The files: the lab fixture, HTTP on loopback
// recorded with tcpdump (window scaling on, a 200 kB answer), and the same recording without its
// handshakes (a capture started mid-stream: no base known from a SYN, no scale known). Files are
// opened as the pcap editor opens them (read whole, then paged), in one pass and in parts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OpenedCaptureFile } from '../../src/helper/captureFile/openedCaptureFile';
import type { PacketLayer } from '../../src/shared/model/traffic';
import { startBackground } from '../lab/background';
import { runOk } from '../lab/exec';
import { missingTool, tsharkFieldRows } from '../lab/tsharkOracle';

const skip = missingTool('tshark') ?? missingTool('tcpdump') ?? missingTool('editcap') ?? missingTool('curl');
const fixture = path.resolve(__dirname, '..', 'fixtures', 'lab-small.pcap');

/** tshark's default view (relative numbers, window scaling), desegmentation off as we read frame by frame. */
function tsharkTcp(file: string): Map<number, { info: string; seq: string; ack: string; window: string }> {
  const args = ['-r', file, '-n', '-o', 'tcp.desegment_tcp_streams:FALSE', '-Y', 'tcp', '-T', 'fields'];
  for (const field of ['frame.number', '_ws.col.Protocol', '_ws.col.Info', 'tcp.seq', 'tcp.ack', 'tcp.window_size']) {
    args.push('-e', field);
  }
  const rows = new Map<number, { info: string; seq: string; ack: string; window: string }>();
  for (const [frame, protocol, info = '', seq = '', ack = '', window = ''] of tsharkFieldRows(args)) {
    if (protocol !== 'TCP') continue;
    // Sequence analysis prefixes its findings ("[TCP Window Update] "); the numbers follow.
    rows.set(Number(frame), { info: info.replace(/^(\[TCP [^\]]*\] )+/, '').trim(), seq, ack, window });
  }
  return rows;
}

function field(layers: PacketLayer[], name: string): string | undefined {
  return layers.find((layer) => layer.name === 'tcp')?.fields.find((entry) => entry.name === name)?.value;
}

async function assertNumberedAsTshark(file: string, threads: number): Promise<number> {
  const theirs = tsharkTcp(file);
  const opened = new OpenedCaptureFile(file);
  await opened.read({ threads });
  const index = opened.index;
  try {
    const { packets } = await opened.pager.page(1, index.count);
    let compared = 0;
    for (const packet of packets) {
      const tshark = theirs.get(packet.index);
      if (!tshark || packet.protocol !== 'TCP') continue;
      assert.equal(packet.info, tshark.info, `${path.basename(file)} frame ${packet.index}: Info`);
      const layers = opened.pager.detail(packet.index)!.layers;
      const seq = field(layers, 'Sequence number')?.replace(/ \(relative sequence number\)$/, '');
      assert.equal(seq, tshark.seq, `frame ${packet.index}: relative sequence number`);
      if (/ Ack=/.test(tshark.info)) {
        const ack = field(layers, 'Acknowledgment number')?.replace(/ \(relative ack number\)$/, '');
        assert.equal(ack, tshark.ack, `frame ${packet.index}: relative ack number`);
      }
      const window = field(layers, 'Calculated window size') ?? field(layers, 'Window');
      assert.equal(window, tshark.window, `frame ${packet.index}: calculated window`);
      compared++;
    }
    return compared;
  } finally {
    await opened.dispose();
  }
}

describe('TCP numbering as Wireshark shows it by default', { skip }, () => {
  let dir: string;
  let recorded: string;
  let midStream: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lanlens-tcpnum-'));
    const body = Buffer.alloc(200_000, 'lan lens ');
    const server = createServer((request, response) => response.end(request.url === '/big' ? body : 'small\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    recorded = path.join(dir, 'loopback.pcap');
    const tcpdump = startBackground('tcpdump', ['-i', 'lo', '-U', '-w', recorded, 'tcp', 'port', String(port)]);
    await tcpdump.waitFor(/listening on/);
    try {
      for (const url of ['/', '/big', '/again', '/big']) {
        await runOk('curl', ['-sS', '-o', '/dev/null', '--noproxy', '*', `http://127.0.0.1:${port}${url}`]);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await tcpdump.stop();
      server.close();
    }
    // The same traffic as a capture started after the first connection's handshake.
    midStream = path.join(dir, 'mid-stream.pcap');
    await runOk('editcap', [recorded, midStream, '1-3']);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the lab fixture: Info, relative numbers and the calculated window are tshark’s', async () => {
    assert.ok((await assertNumberedAsTshark(fixture, 1)) >= 10);
  });

  test('HTTP on loopback with window scaling, read in one pass and in parts', async () => {
    const compared = await assertNumberedAsTshark(recorded, 1);
    assert.ok(compared >= 20, `${compared} TCP segments compared`);
    assert.equal(await assertNumberedAsTshark(recorded, 2), compared);
  });

  test('a capture started mid-stream: bases from the first segments seen, the window as sent', async () => {
    assert.ok((await assertNumberedAsTshark(midStream, 1)) >= 10);
  });
});
