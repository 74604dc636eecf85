import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { capdArguments, openCapdHandle } from '../../../../src/helper/capture/capdHandle';
import type { PacketHandleOptions } from '../../../../src/helper/capture/packetHandle';

// capd is started with an empty environment, as the real one is: a small script names Node itself.
const folder = mkdtempSync(path.join(tmpdir(), 'lanlens-fake-capd-'));
after(() => rmSync(folder, { recursive: true, force: true }));
function fakeCapd(mode: string): string {
  const file = path.join(folder, `capd-${mode}`);
  const script = path.join(__dirname, 'fixtures', 'fakeCapd.js');
  writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${script}" ${mode}\n`);
  chmodSync(file, 0o755);
  return file;
}

const options: PacketHandleOptions = {
  device: 'lo',
  filter: 'arp',
  bufferSize: 1 << 20,
  immediate: true,
  batchBytes: 1 << 16,
};

/** Packets of a batch as text. */
function texts(batch: Buffer, count: number): string[] {
  const out: string[] = [];
  for (let i = 0, at = 0; i < count; i++) {
    const length = batch.readUInt32LE(at + 8);
    out.push(batch.toString('utf8', at + 16, at + 16 + length));
    at += 16 + length;
  }
  return out;
}

describe('capture through lanlens-capd', () => {
  it('passes the options as arguments capd checks', () => {
    assert.deepEqual(capdArguments({ ...options, snaplen: 96, timeoutMs: 100, promiscuous: false, immediate: false }), [
      'capture',
      '-i',
      'lo',
      '--buffer-size',
      '1048576',
      '-f',
      'arp',
      '--snaplen',
      '96',
      '--timeout-ms',
      '100',
      '--promiscuous',
      '0',
      '--immediate',
      '0',
      '--batch-bytes',
      '65536',
    ]);
  });

  it('opens, delivers batches, injects, reports stats and stops', async () => {
    const handle = await openCapdHandle(fakeCapd('serve'), options);
    assert.equal(handle.linkName, 'ETHERNET');
    assert.equal(handle.dlt, 1);
    const seen: string[] = [];
    let wake = () => undefined as void;
    handle.onPackets((batch, count) => {
      seen.push(...texts(batch, count));
      if (seen.includes('frame-2')) wake();
    });
    const echoed = new Promise<void>((resolve) => (wake = resolve));
    handle.send(Buffer.from('frame-1xx'), 7);
    handle.send(Buffer.from('frame-2'), 7);
    await echoed;
    assert.deepEqual(seen, ['hello', 'world!', 'frame-1', 'frame-2']);
    assert.deepEqual(handle.stats(), { received: 2, dropped: 0, ifdropped: 0 });
    await handle.close();
    assert.deepEqual(handle.stats(), { received: 9, dropped: 1, ifdropped: 0 }, 'the last stats, sent on STOP');
  });

  it('a frame the kernel refused fails the next send', async () => {
    const handle = await openCapdHandle(fakeCapd('serve'), options);
    handle.send(Buffer.from('fail'), 4);
    const deadline = Date.now() + 5000;
    let thrown: unknown;
    while (!thrown && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      try {
        handle.send(Buffer.from('next'), 4);
      } catch (error) {
        thrown = error;
      }
    }
    assert.match(String(thrown), /Network is down/);
    assert.equal((thrown as { code?: string }).code, 'EPCAP');
    await handle.close();
  });

  const refusals: [string, string, string, RegExp][] = [
    ['an error record before OPENED', 'refuse', 'ENODEV', /no such network interface/],
    ['malformed output', 'garbage', 'EPCAP', /malformed: unknown record type/],
    [
      'an exit before OPENED, with its stderr',
      'die',
      'EPCAP',
      /exited with status 3: lanlens-capd: cannot drop capabilities/,
    ],
  ];
  for (const [name, mode, code, message] of refusals) {
    it(`rejects the open on ${name}`, async () => {
      await assert.rejects(openCapdHandle(fakeCapd(mode), options), (error: Error & { code?: string }) => {
        assert.equal(error.code, code);
        assert.match(error.message, message);
        return true;
      });
    });
  }

  it('a program this user may not run is a missing privilege that names the revoke', async () => {
    const file = path.join(folder, 'not-executable');
    writeFileSync(file, '');
    chmodSync(file, 0o600);
    await assert.rejects(openCapdHandle(file, options), (error: Error & { code?: string }) => {
      // Root may run anything with an execute bit but not a file without one: EACCES either way.
      assert.equal(error.code, 'EPERM');
      assert.match(error.message, /granted to other users only, or revoked/);
      return true;
    });
    await assert.rejects(openCapdHandle(path.join(folder, 'gone'), options), /is gone: capture permission was revoked/);
  });
});
