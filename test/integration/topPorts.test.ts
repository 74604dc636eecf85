// The "top N" lists must be nmap's --top-ports N: nmap itself names the ports it would scan, in
// the scaninfo of a scan of this machine's loopback (the only address it is pointed at). Needs nmap
// (and root for -sU). Moved from test/unit/helper/portscan/portTable.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { topPorts } from '../../src/helper/portscan/portTable';
import { parsePortSpec, portLists } from '../../src/shared/ports/portSpec';

const nmap = spawnSync('nmap', ['--version'], { encoding: 'utf8' });
const skip = nmap.status === 0 ? undefined : 'nmap is not installed';

function nmapTopPorts(scan: string, count: number): number[] {
  const result = spawnSync(
    'nmap',
    ['-n', '-Pn', scan, '--top-ports', String(count), '--max-retries', '0', '127.0.0.1', '-oX', '-'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const services = / services="([^"]+)"/.exec(result.stdout)?.[1];
  assert.ok(services, `no scaninfo in nmap's output: ${result.stderr}`);
  return portLists(parsePortSpec(services)).tcp;
}

const sorted = (ports: number[]) => [...ports].sort((a, b) => a - b);

test('top 100 and top 1000 TCP ports equal nmap --top-ports', { skip }, () => {
  assert.deepEqual(sorted(topPorts('tcp', 100)), nmapTopPorts('-sT', 100));
  assert.deepEqual(sorted(topPorts('tcp', 1000)), nmapTopPorts('-sT', 1000));
});

test(
  'top 100 UDP ports equal nmap -sU --top-ports 100',
  { skip: skip ?? (process.getuid?.() !== 0 ? 'nmap -sU needs root' : undefined) },
  () => {
    assert.deepEqual(sorted(topPorts('udp', 100)), nmapTopPorts('-sU', 100));
  },
);
