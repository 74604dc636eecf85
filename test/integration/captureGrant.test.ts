// The capture grant, for real: lanlens-capd's grant mode run as root (exactly what the one pkexec
// prompt runs; pkexec itself cannot prompt here), then a user this test creates captures, sweeps
// ARP and injects frames on a namespace lab through lanlens-capd. /proc shows that user's uid and
// only CAP_NET_RAW while it opens, nothing after; LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH,
// NODE_OPTIONS and ptrace run no code with the capabilities; after the revoke capture is refused
// with the message naming the grant. A helper or CLI started with sudo becomes the user. Everything
// is removed afterwards, also on failure.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { prepareUnprivileged, repoRoot } from '../lab/cli';
import type { Unprivileged } from '../lab/cli';
import { run, runOk, runSync } from '../lab/exec';
import type { RunResult } from '../lab/exec';
import {
  createTestUser,
  createVethLab,
  hasCommand,
  markerLibrarySource,
  procStatus,
  processesOf,
  waitFor,
} from '../lab/grantLab';
import type { ProcStatus, TestUser, VethLab } from '../lab/grantLab';

const INSTALLED = '/usr/local/libexec/lanlens/lanlens-capd';
const BUILT = path.join(repoRoot, 'node_modules', 'cap', 'build', 'Release', 'lanlens-capd');
const NONE = '0000000000000000';
const NET_RAW = '0000000000002000';
const NET_RAW_ADMIN = '0000000000003000';
const skip =
  process.platform !== 'linux' || process.getuid?.() !== 0
    ? 'needs Linux and root (it installs the capture program and creates a user and a namespace)'
    : !existsSync(BUILT)
      ? `lanlens-capd was not built (${BUILT}): run npm install`
      : false;

describe('capture granted once, with least privilege', { skip }, () => {
  let user: TestUser;
  let lab: VethLab;
  let cli: Unprivileged;
  let scratch: string;
  const seen: Record<string, ProcStatus> = {};

  before(async () => {
    cli = prepareUnprivileged(true);
    scratch = mkdtempSync(path.join(tmpdir(), 'lanlens-grant-'));
    chmodSync(scratch, 0o777);
    user = await createTestUser('lanlens-grant');
    lab = await createVethLab('10.213.91');
  });

  after(() => {
    if (user) runSync(BUILT, ['revoke', '--uid', String(user.uid)]);
    lab?.dispose();
    user?.dispose();
    cli?.dispose();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    for (const [when, status] of Object.entries(seen)) console.log(`# /proc of ${when}: ${JSON.stringify(status)}`);
  });

  /** `lanlens …args` as the test user, with `env` (NAME=value) added. */
  const asUser = (args: string[], env: string[] = [], timeoutMs = 60_000): Promise<RunResult> =>
    run('runuser', ['-u', user.name, '--', 'env', ...env, cli.node, cli.cli, ...args], { timeoutMs, cwd: '/' });

  /** UDP datagrams from inside the namespace to this side, one every 5 ms. */
  const sendTraffic = (count: number) =>
    run('ip', [
      'netns',
      'exec',
      lab.namespace,
      process.execPath,
      '-e',
      `const s=require('dgram').createSocket('udp4');let n=0;const t=setInterval(()=>{s.send('lanlens-grant',9999,'${lab.hostIp}');if(++n>=${count}){clearInterval(t);setTimeout(()=>s.close(),50);}},5);`,
    ]);

  const refusesWithTheGrant = (result: RunResult) => {
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /"LAN Lens: Grant Capture Permission"/);
    assert.match(result.stderr, /`lanlens grant`/);
  };

  test('before the grant, capture is refused with the message naming the grant', async () => {
    refusesWithTheGrant(await asUser(['capture', '-i', lab.hostIf, '--count', '1']));
  });

  test('the grant (what pkexec runs) installs a root-owned 0750 copy, CAP_NET_RAW+CAP_NET_ADMIN permitted only, for this user only', async () => {
    const granted = await runOk(BUILT, ['grant', '--uid', String(user.uid)]);
    assert.match(granted.stdout, new RegExp(`granted uid ${user.uid}`));
    const info = statSync(INSTALLED);
    assert.equal(info.uid, 0);
    assert.equal(info.gid, 0);
    assert.equal(info.mode & 0o7777, 0o750, 'no set-id bit, nothing for others');
    const xattrs = await runOk('python3', [
      '-c',
      `import os,sys;print(os.getxattr(sys.argv[1],'security.capability').hex());print(os.getxattr(sys.argv[1],'system.posix_acl_access').hex())`,
      INSTALLED,
    ]);
    const [caps = '', acl = ''] = xattrs.stdout.trim().split('\n');
    // VFS_CAP_REVISION_2 without the effective bit; permitted 0x3000; inheritable 0.
    assert.equal(caps.slice(0, 24), '000000020030000000000000');
    const entry = Buffer.from(acl, 'hex');
    const users: number[] = [];
    for (let at = 4; at + 8 <= entry.length; at += 8)
      if (entry.readUInt16LE(at) === 2) users.push(entry.readUInt32LE(at + 4));
    assert.ok(users.includes(user.uid), `ACL users ${users.join(',')}`);
    const other = await run('runuser', ['-u', 'nobody', '--', INSTALLED, 'status']);
    assert.notEqual(other.code, 0, 'a user not granted cannot run it');
    const status = await run('runuser', ['-u', user.name, '--', INSTALLED, 'status']);
    assert.match(status.stdout, /capabilities net_raw,net_admin/);
  });

  test(
    'while it opens, only CAP_NET_RAW is in effect (strace holds the first socket call)',
    { skip: !hasCommand('strace') && 'strace is not installed' },
    async () => {
      const traced = spawn(
        'strace',
        [
          '-qq',
          '-o',
          '/dev/null',
          '-u',
          user.name,
          '-e',
          'trace=socket',
          '-e',
          'inject=socket:delay_exit=1500000:when=1',
          INSTALLED,
          'capture',
          '-i',
          lab.hostIf,
        ],
        { stdio: ['pipe', 'ignore', 'ignore'] },
      );
      try {
        const during = await waitFor(() => {
          const pid = processesOf(INSTALLED, 'capture')[0];
          const status = pid === undefined ? undefined : procStatus(pid);
          return status && status.CapEff !== NONE ? status : undefined;
        }, 5000);
        assert.ok(during, 'capd was seen opening');
        seen['lanlens-capd while opening'] = during;
        assert.equal(during.Uid, `${user.uid} ${user.uid} ${user.uid} ${user.uid}`);
        assert.equal(during.CapEff, NET_RAW);
        assert.equal(during.CapPrm, NET_RAW, 'CAP_NET_ADMIN left before the open (no nflog)');
        assert.equal(during.CapAmb, NONE);
        assert.equal(during.NoNewPrivs, '1');
      } finally {
        traced.stdin.end();
        await new Promise((resolve) => traced.on('close', resolve));
      }
    },
  );

  test('the user captures on the lab through lanlens-capd, which holds no capability once open', async () => {
    const capture = asUser(
      ['capture', '-i', lab.hostIf, '-f', 'udp port 9999', '--duration', '4', '--json'],
      [],
      30_000,
    );
    const pid = await waitFor(() => processesOf(INSTALLED, 'capture')[0], 5000);
    assert.ok(pid, 'lanlens-capd runs');
    const traffic = sendTraffic(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = procStatus(pid);
    assert.ok(status);
    seen['lanlens-capd capturing'] = status;
    assert.equal(status.Uid, `${user.uid} ${user.uid} ${user.uid} ${user.uid}`);
    assert.deepEqual([status.CapPrm, status.CapEff, status.CapAmb, status.CapInh], [NONE, NONE, NONE, NONE]);
    assert.equal(status.NoNewPrivs, '1');
    assert.equal(readFileSync(`/proc/${pid}/environ`, 'utf8'), '', 'started with no environment');
    const cliPid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    const helper = procStatus(cliPid);
    if (helper) seen['the lanlens CLI (Node) meanwhile'] = helper;
    assert.equal(helper?.CapEff, NONE, 'Node holds nothing');
    if (hasCommand('strace')) {
      const attach = await run('runuser', ['-u', user.name, '--', 'strace', '-p', String(pid)], { timeoutMs: 5000 });
      assert.match(attach.stderr, /Operation not permitted/, 'the user cannot ptrace it');
    }
    await traffic;
    const result = await capture;
    assert.equal(result.code, 0, result.stderr);
    const snapshot = JSON.parse(result.stdout) as { counters: { packets: number } };
    assert.ok(snapshot.counters.packets >= 150, `${snapshot.counters.packets} packets captured`);
  });

  test('the ARP sweep injects and hears through lanlens-capd', async () => {
    const result = await asUser([
      'scan',
      `${lab.hostIp.replace(/\.1$/, '.0')}/24`,
      '-i',
      lab.hostIf,
      '--method',
      'arp',
      '--json',
      '--no-resolve',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const scan = JSON.parse(result.stdout) as { method: string; devices: { ip: string; mac?: string }[] };
    assert.equal(scan.method, 'arp');
    const peer = scan.devices.find((device) => device.ip === lab.peerIp);
    assert.equal(peer?.mac, lab.peerMac);
  });

  test(
    'no foreign code runs with the capabilities: LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH, NODE_OPTIONS',
    { skip: !hasCommand('gcc') && 'gcc is not installed' },
    async () => {
      const marker = path.join(scratch, 'marker');
      const source = path.join(scratch, 'evil.c');
      const library = path.join(scratch, 'evil.so');
      const fakes = path.join(scratch, 'libs');
      writeFileSync(source, markerLibrarySource(marker));
      await runOk('gcc', ['-shared', '-fPIC', '-o', library, source]);
      mkdirSync(fakes);
      for (const name of ['libpcap.so.1', 'libpcap.so.0.8', 'libpcap.so', 'libc.so.6'])
        writeFileSync(path.join(fakes, name), readFileSync(library));
      runSync('chmod', ['-R', 'a+rwX', scratch]);
      const attempts = [`LD_PRELOAD=${library}`, `LD_AUDIT=${library}`, `LD_LIBRARY_PATH=${fakes}`];
      for (const attempt of attempts) {
        const result = await run(
          'runuser',
          ['-u', user.name, '--', 'env', attempt, INSTALLED, 'capture', '-i', lab.hostIf],
          { timeoutMs: 10_000 },
        );
        assert.match(result.stdout, /ETHERNET/, `${attempt}: capd still opened (${result.stderr})`);
        assert.equal(
          existsSync(marker),
          false,
          `${attempt} ran code in lanlens-capd: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`,
        );
      }
      // NODE_OPTIONS runs in the user's own Node, which holds nothing; capd never sees it.
      const evil = path.join(scratch, 'evil.js');
      writeFileSync(
        evil,
        `require('fs').appendFileSync(${JSON.stringify(marker)}, require('fs').readFileSync('/proc/self/status','utf8').split('\\n').filter(l=>/^Cap(Prm|Eff)/.test(l)).join('\\n')+'\\n');`,
      );
      chmodSync(evil, 0o644);
      const result = await asUser(
        ['capture', '-i', lab.hostIf, '--count', '1', '--duration', '2'],
        [`NODE_OPTIONS=--require ${evil}`],
      );
      assert.equal(result.code, 0, result.stderr);
      const marks = readFileSync(marker, 'utf8');
      assert.match(marks, /CapEff:\s*0{16}/);
      assert.doesNotMatch(marks, /Cap(Prm|Eff):\s*0*[1-9a-f]/, `NODE_OPTIONS code ran with capabilities:\n${marks}`);
    },
  );

  test('a helper started with sudo becomes the user, keeping only the capture capabilities', async () => {
    const helper = spawn(cli.node, [path.join(path.dirname(cli.cli), '..', 'dist', 'helper.js'), 'serve'], {
      env: { ...process.env, SUDO_UID: String(user.uid), SUDO_GID: String(user.gid), NODE_OPTIONS: '' },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    try {
      const status = await waitFor(() => {
        const now = procStatus(helper.pid!);
        return now?.Uid.startsWith(`${user.uid} `) ? now : undefined;
      }, 10_000);
      assert.ok(status, 'the helper dropped root');
      seen['the helper started with sudo'] = status;
      assert.equal(status.Uid, `${user.uid} ${user.uid} ${user.uid} ${user.uid}`);
      assert.equal(status.Gid, `${user.gid} ${user.gid} ${user.gid} ${user.gid}`);
      assert.equal(status.CapEff, NET_RAW_ADMIN);
      assert.equal(status.CapPrm, NET_RAW_ADMIN);
      assert.equal(status.CapBnd, NET_RAW_ADMIN);
      assert.equal(status.NoNewPrivs, '1');
    } finally {
      helper.kill('SIGKILL');
    }
  });

  test('sudo lanlens stats and capture drop root before reading or writing anything', async () => {
    const sudo = { ...process.env, SUDO_UID: String(user.uid), SUDO_GID: String(user.gid) };
    const secret = mkdtempSync(path.join(tmpdir(), 'lanlens-root-only-'));
    try {
      chmodSync(secret, 0o700);
      writeFileSync(path.join(secret, 'x.pcap'), Buffer.alloc(24));
      const stats = await run(cli.node, [cli.cli, 'stats', path.join(secret, 'x.pcap')], { env: sudo, cwd: '/' });
      assert.notEqual(stats.code, 0);
      assert.match(stats.stderr, /EACCES|permission denied/i, 'read as the user, not as root');
    } finally {
      rmSync(secret, { recursive: true, force: true });
    }
    const file = path.join(scratch, 'sudo.pcap');
    const traffic = sendTraffic(100);
    const capture = await run(cli.node, [cli.cli, 'capture', '-i', lab.hostIf, '--duration', '2', '-w', file], {
      env: sudo,
      cwd: '/',
    });
    await traffic;
    assert.equal(capture.code, 0, capture.stderr);
    assert.equal(statSync(file).uid, user.uid, "the recording is the user's");
  });

  test('after the revoke, capture is refused with the message naming the grant', async () => {
    const revoked = await runOk(BUILT, ['revoke', '--uid', String(user.uid)]);
    assert.match(revoked.stdout, new RegExp(`revoked uid ${user.uid}`));
    refusesWithTheGrant(await asUser(['capture', '-i', lab.hostIf, '--count', '1']));
  });
});
