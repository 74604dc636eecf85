import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyCaptureError } from '../../../src/helper/capture/nativeCap';
import type { CaptureProblemCode } from '../../../src/shared/model/capture';

/** The errors as Node, the dynamic loader and libpcap word them. */
const cases: [string, Error & { code?: string }, CaptureProblemCode, RegExp][] = [
  [
    'no module',
    Object.assign(new Error("Cannot find module 'cap'\nRequire stack:\n- /x/dist/helper.js"), {
      code: 'MODULE_NOT_FOUND',
    }),
    'missing-module',
    /npm install/,
  ],
  [
    'another Node ABI',
    Object.assign(
      new Error(
        "The module '/x/node_modules/cap/build/Release/cap.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 137. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    ),
    'abi-mismatch',
    /npm rebuild cap.*lanLens\.helper\.nodePath/,
  ],
  [
    'no libpcap',
    Object.assign(new Error('libpcap.so.0.8: cannot open shared object file: No such file or directory'), {
      code: 'ERR_DLOPEN_FAILED',
    }),
    'missing-libpcap',
    /apt-get install libpcap0\.8/,
  ],
  [
    'no libpcap, as the capture module says it',
    Object.assign(
      new Error(
        'libpcap is not installed, so packets cannot be captured (tried libpcap.so.1, libpcap.so.0.8, libpcap.so: libpcap.so: cannot open shared object file: No such file or directory). Install it: `sudo apt-get install libpcap0.8` (Debian, Ubuntu), `sudo dnf install libpcap` (Fedora), `sudo pacman -S libpcap` (Arch).',
      ),
      { code: 'ENOLIBPCAP' },
    ),
    'missing-libpcap',
    /apt-get install libpcap0\.8.*dnf install libpcap.*pacman -S libpcap/,
  ],
  [
    'no privilege',
    new Error('socket: Operation not permitted'),
    'no-privilege',
    /"LAN Lens: Grant Capture Permission".*`lanlens grant`/,
  ],
  [
    'anything else',
    new Error('llb-x: No such device exists (SIOCGIFHWADDR: No such device)'),
    'open-failed',
    /ip link/,
  ],
];

describe('capture problems are named with their fix', () => {
  for (const [name, error, code, fix] of cases) {
    it(name, () => {
      const status = classifyCaptureError(error);
      assert.equal(status.available, false);
      assert.equal(status.problem?.code, code);
      assert.match(status.problem?.fix ?? '', fix);
      assert.ok((status.problem?.message.length ?? 0) > 10);
    });
  }
});
