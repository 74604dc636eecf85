import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { COMMAND_NAMES } from '../../../src/helper/cli/cliOptions';
import { runCli } from '../../../src/helper/cli/commands';
import { renderTable } from '../../../src/helper/cli/table';

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lanlens CLI input checks (nothing is sent for any of these)', () => {
  const cases: [string[], RegExp][] = [
    [['scan', '10.213.0.0/33'], /prefix length/],
    [['scan', '10.213.0.300/24'], /not an IPv4 address/],
    [['scan', '10.0.0.0/14'], /needs confirmation.*--yes/],
    [['scan', '0.0.0.0/2', '--yes'], /at most a \/12 is swept at once/],
    [['scan', '8.8.8.0/24'], /outside private.*--yes/],
    [['scan', '--interface', 'nope0'], /Unknown interface "nope0"/],
    [['scan', '--timeout', 'soon', '10.213.0.0/24'], /--timeout must be a whole number/],
    [['scan', '--retries', '99', '10.213.0.0/24'], /--retries must be a whole number from 0 to 10/],
    [['scan', '--method', 'syn', '10.213.0.0/24'], /--method must be auto, arp or connect/],
    [['scan', 'a', 'b'], /one subnet/],
    [['identify', '8.8.8.8:53/udp'], /8\.8\.8\.8 is outside private.*Add --yes/],
    [['identify', '10.213.0.5:22', '1.1.1.1:443'], /1\.1\.1\.1 is outside private/],
    [['frobnicate'], /unknown command/],
    [['scan', '--bogus'], /Unknown option/],
    [[], /Usage/],
  ];
  for (const [args, message] of cases) {
    it(`lanlens ${args.join(' ')} → exit 2`, async () => {
      const result = await cli(...args);
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, message);
      assert.equal(result.out, '');
    });
  }
  it('prints help on --help with exit 0', async () => {
    const result = await cli('--help');
    assert.equal(result.code, 0);
    assert.match(result.out, /lanlens <command>/);
  });
});

describe('table rendering', () => {
  it('aligns columns and neutralises control characters from hostile names', () => {
    const text = renderTable(
      ['IP', 'NAME'],
      [
        ['10.0.0.1', 'evil\u001b[31mred'],
        ['10.0.0.22', 'ok'],
      ],
    );
    assert.equal(text, 'IP         NAME\n10.0.0.1   evil?[31mred\n10.0.0.22  ok');
  });
});

describe('lanlens commands', () => {
  it('each name in COMMAND_NAMES has its module (esbuild makes one bundle per module), and no module lacks a name', () => {
    const modules = readdirSync(path.join(__dirname, '../../../src/helper/cli'))
      .filter((file) => file.endsWith('Command.ts'))
      .map((file) => file.slice(0, -'Command.ts'.length));
    assert.deepEqual([...modules].sort(), [...COMMAND_NAMES].sort());
  });

  // The bin runs on the maintained Node lines only: an older one (as this Node pretending to be 20)
  // gets one line saying what to install, before any bundle loads.
  const bin = path.join(__dirname, '../../../bin/lanlens.js');
  const runBin = (nodeVersion: string | undefined, ...args: string[]) => {
    const pretend = nodeVersion
      ? `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${nodeVersion}' } });`
      : '';
    const script = `${pretend} process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...process.argv.slice(1)]; require(${JSON.stringify(bin)});`;
    return spawnSync(process.execPath, ['-e', script, '--', ...args], { encoding: 'utf8' });
  };
  it('bin/lanlens.js refuses Node 20 with a clear message, and runs on 22 or later', () => {
    const old = runBin('20.19.0', '--help');
    assert.equal(old.status, 1);
    assert.match(
      old.stderr,
      /^lanlens: needs Node\.js 22 or later \(the maintained lines are 22 and 24\), but runs on Node 20\.19\.0 /,
    );
    assert.equal(old.stdout, '');
    const current = runBin(undefined, '--help');
    assert.equal(current.status, 0, current.stderr);
    assert.match(current.stdout, /Usage/);
  });
});
