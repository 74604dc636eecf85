import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCapdStatus } from '../../../../src/helper/privilege/capdInstall';
import type { CapdProbe } from '../../../../src/helper/privilege/capdInstall';
import { decideCaptureAccess } from '../../../../src/helper/privilege/captureAccess';
import type { AccessFacts } from '../../../../src/helper/privilege/captureAccess';
import { GrantError, planGrant } from '../../../../src/helper/privilege/grantCapture';
import { readThreadPrivilege } from '../../../../src/helper/privilege/processCapabilities';
import { parseOptions, privilegeOf } from '../../../../src/helper/cli/cliOptions';

const facts = (overrides: Partial<AccessFacts> & { probe?: CapdProbe }): AccessFacts => ({
  platform: 'linux',
  thread: { netRaw: false, noNewPrivs: false },
  capd: () => overrides.probe ?? { state: 'absent' },
  grantable: true,
  ...overrides,
});

describe('which process captures', () => {
  const cases: [string, AccessFacts, string, string, RegExp][] = [
    [
      'root or sudo: this process',
      facts({ thread: { netRaw: true, noNewPrivs: false } }),
      'in-process',
      'process',
      /holds CAP_NET_RAW itself/,
    ],
    ['granted: lanlens-capd', facts({ probe: { state: 'ready' } }), 'capd', 'granted', /is granted/],
    ['nothing: the grant', facts({}), 'none', 'not-granted', /not granted\. Interfaces, bandwidth, TCP connect scans/],
    ['granted to others only', facts({ probe: { state: 'denied' } }), 'none', 'not-granted', /other users/],
    [
      'a sandbox',
      facts({ probe: { state: 'no-capabilities' }, thread: { netRaw: false, noNewPrivs: true } }),
      'none',
      'broken',
      /no-new-privs/,
    ],
    ['a nosuid mount', facts({ probe: { state: 'no-capabilities' } }), 'none', 'broken', /nosuid/],
    ['an older capd', facts({ probe: { state: 'stale', protocol: 0 } }), 'none', 'broken', /protocol 0.*grant again/],
    [
      'no libpcap, whatever is granted',
      facts({
        probe: { state: 'ready' },
        libraryProblem: {
          code: 'missing-libpcap',
          message: 'libpcap is not installed',
          fix: 'apt-get install libpcap0.8',
        },
      }),
      'none',
      'unavailable',
      /libpcap is not installed/,
    ],
    ['macOS: BPF decides', facts({ platform: 'darwin' }), 'in-process', 'process', /BPF/],
    ['Windows: Npcap decides', facts({ platform: 'win32' }), 'in-process', 'process', /Npcap/],
  ];
  for (const [name, given, backend, access, summary] of cases) {
    it(name, () => {
      const decided = decideCaptureAccess(given);
      assert.equal(decided.backend.kind, backend);
      assert.equal(decided.status.access, access);
      assert.match(decided.status.summary, summary);
    });
  }

  it('asks lanlens-capd only when this process lacks CAP_NET_RAW', () => {
    let asked = 0;
    decideCaptureAccess({
      ...facts({}),
      thread: { netRaw: true, noNewPrivs: false },
      capd: () => (asked++, { state: 'ready' }),
    });
    assert.equal(asked, 0);
  });

  it('every status that is not ready names the grant, and only a Linux with a built capd can grant', () => {
    for (const probe of [{ state: 'absent' }, { state: 'denied' }, { state: 'no-capabilities' }] as CapdProbe[]) {
      assert.match(
        decideCaptureAccess(facts({ probe })).status.fix ?? '',
        /"LAN Lens: Grant Capture Permission".*`lanlens grant`/,
      );
    }
    assert.equal(decideCaptureAccess(facts({})).status.canGrant, true);
    assert.equal(decideCaptureAccess(facts({ grantable: false })).status.canGrant, false);
    assert.equal(decideCaptureAccess(facts({ platform: 'darwin' })).status.canGrant, false);
    assert.equal(decideCaptureAccess(facts({ probe: { state: 'ready' } })).status.canRevoke, true);
    assert.equal(decideCaptureAccess(facts({ probe: { state: 'denied' } })).status.canRevoke, false);
  });
});

describe('lanlens-capd status and /proc', () => {
  it('reads capd status', () => {
    assert.deepEqual(parseCapdStatus('lanlens-capd\nprotocol 1\ncapabilities net_raw,net_admin\n'), {
      protocol: 1,
      capabilities: ['net_raw', 'net_admin'],
    });
    assert.deepEqual(parseCapdStatus('lanlens-capd\nprotocol 1\ncapabilities none\n')?.capabilities, []);
    assert.equal(parseCapdStatus('something else'), undefined);
  });
  it('reads CAP_NET_RAW and no_new_privs from a thread status', () => {
    const status = (eff: string, nnp: number) => `Name:\tnode\nCapPrm:\t${eff}\nCapEff:\t${eff}\nNoNewPrivs:\t${nnp}\n`;
    assert.deepEqual(readThreadPrivilege(status('0000000000003000', 0)), { netRaw: true, noNewPrivs: false });
    assert.deepEqual(readThreadPrivilege(status('000001ffffffffff', 1)), { netRaw: true, noNewPrivs: true });
    assert.deepEqual(readThreadPrivilege(status('0000000000001000', 0)), { netRaw: false, noNewPrivs: false });
    assert.deepEqual(readThreadPrivilege(status('0000000000000000', 1)), { netRaw: false, noNewPrivs: true });
  });
});

describe('the grant', () => {
  const base = { platform: 'linux' as const, uid: 1000, capd: '/ext/lanlens-capd', pkexec: '/usr/bin/pkexec' };
  it('runs one pkexec for this user', () => {
    assert.deepEqual(planGrant('grant', base), {
      file: '/usr/bin/pkexec',
      args: ['/ext/lanlens-capd', 'grant', '--uid', '1000'],
      prompts: true,
    });
  });
  it('under sudo runs capd directly for the invoking user', () => {
    assert.deepEqual(planGrant('revoke', { ...base, uid: 0, rootFor: 1000 }), {
      file: '/ext/lanlens-capd',
      args: ['revoke', '--uid', '1000'],
      prompts: false,
    });
  });
  const refused: [string, Parameters<typeof planGrant>[1], RegExp][] = [
    ['root for nobody', { ...base, uid: 0 }, /root needs no grant/],
    ['no pkexec', { ...base, pkexec: undefined }, /pkexec is not installed.*sudo \/ext\/lanlens-capd grant --uid 1000/],
    ['no capd built', { ...base, capd: undefined }, /was not built/],
    ['a process pkexec cannot elevate', { ...base, noNewPrivs: true }, /no-new-privs.*lanlens grant/],
    ['macOS', { ...base, platform: 'darwin' }, /ChmodBPF/],
    ['Windows', { ...base, platform: 'win32' }, /Npcap/],
  ];
  for (const [name, given, message] of refused) {
    it(`refuses ${name}, saying what to do`, () => {
      assert.throws(
        () => planGrant('grant', given),
        (error: unknown) => error instanceof GrantError && message.test(error.message),
      );
    });
  }
});

describe('what a command keeps when started with sudo', () => {
  const cases: [string[], string][] = [
    [['grant'], 'root'],
    [['revoke'], 'root'],
    [['capture', '-i', 'eth0'], 'capture'],
    [['ports', '10.0.0.1'], 'capture'],
    [['scan'], 'capture'],
    [['scan', '--method', 'connect'], 'none'],
    [['stats', 'x.pcap'], 'none'],
    [['identify', '10.0.0.1:22'], 'none'],
    [['interfaces'], 'none'],
    [['bandwidth'], 'none'],
    [[], 'none'],
  ];
  for (const [argv, need] of cases) {
    it(`lanlens ${argv.join(' ')} → ${need}`, () => {
      const { values, positionals } = parseOptions(argv);
      assert.equal(privilegeOf(positionals[0], values), need);
    });
  }
});
