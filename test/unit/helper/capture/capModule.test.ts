import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCapModule, loadCap } from '../../../../src/helper/capture/nativeCap';
import type { CapModule } from '../../../../src/helper/capture/nativeCap';

/** A module whose libpcap() behaves as given; nothing else of it is called. */
function fakeModule(libpcap?: () => { file: string; version: string }): CapModule {
  return { Cap: class {}, compileFilter: () => true, deviceList: () => [], ...(libpcap ? { libpcap } : {}) } as never;
}

describe('capture status of a loaded module', () => {
  it('is available with the libpcap it found', () => {
    const result = checkCapModule(fakeModule(() => ({ file: 'libpcap.so.1', version: 'libpcap version 1.10.5' })));
    assert.deepEqual(result.status, { available: true });
    assert.equal(result.library?.file, 'libpcap.so.1');
  });

  it('names the package to install when the module finds no libpcap', () => {
    const result = checkCapModule(
      fakeModule(() => {
        throw Object.assign(
          new Error('libpcap is not installed, so packets cannot be captured (tried x: y). Install it'),
          {
            code: 'ENOLIBPCAP',
          },
        );
      }),
    );
    assert.equal(result.module, undefined);
    assert.equal(result.status.problem?.code, 'missing-libpcap');
    assert.match(result.status.problem?.message ?? '', /\(tried x: y\)/);
    assert.match(result.status.problem?.fix ?? '', /libpcap0\.8.*Fedora.*Arch/);
  });

  it('asks for npm install when the installed cap is not the fork', () => {
    const result = checkCapModule(fakeModule());
    assert.equal(result.status.problem?.code, 'missing-module');
    assert.match(result.status.problem?.fix ?? '', /npm install/);
  });
});

// The real module in this Node, without privilege: loading it, libpcap and filters need none.
describe('the capture module (native/cap) in this Node', () => {
  const loaded = loadCap();

  it('loads and finds libpcap', () => {
    assert.deepEqual(loaded.status, { available: true });
    assert.match(loaded.library?.file ?? '', /^libpcap\.so/);
    assert.match(loaded.library?.version ?? '', /^libpcap version \d/);
  });

  it('checks filters for a link type without opening anything', () => {
    const module = loaded.module!;
    assert.equal(module.compileFilter('tcp port 443 or arp'), true);
    assert.equal(module.compileFilter('udp', 113, 262144), true);
    assert.throws(() => module.compileFilter('tcp port'), { code: 'EFILTER' });
    assert.throws(() => module.compileFilter(42 as never), TypeError);
  });

  it("keeps cap's argument checks and a closed handle's answers", () => {
    const handle = new loaded.module!.Cap();
    assert.equal(handle.close(), false);
    assert.throws(() => handle.stats(), /Not currently capturing\/open/);
    assert.throws(() => handle.datalink(), /Not currently capturing\/open/);
    assert.throws(() => handle.send(Buffer.alloc(60), 60), /Not currently capturing\/open/);
    assert.throws(() => handle.open('lo', '', 1 << 20, 'x' as never), {
      name: 'TypeError',
      message: 'buffer must be a Buffer',
    });
    const buffer = Buffer.alloc(16);
    assert.throws(() => handle.open('lo', '', 1 << 20, buffer, { batch: true }), /buffer too small for batch mode/);
    assert.throws(() => handle.open('lo', '', 1 << 20, buffer, { snaplen: 0 }), /snaplen must be a positive integer/);
    assert.equal(typeof handle.on, 'function', 'a Cap is an EventEmitter');
  });
});
