// The decoder registry's tables against Wireshark's own (`tshark -G decodes`): each application
// module registers the TCP and UDP ports, EtherTypes and Cisco SNAP ids that Wireshark's dissector
// of the same name registers by default, so continuations and frame-level protocols are named as
// tshark names them; each tunnel module, its IP protocols, UDP ports, EtherTypes and GRE protocol
// types. Needs tshark.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { APP_DISSECTORS } from '../../src/helper/decode/app/appRegistry';
import { TUNNEL_DISSECTORS } from '../../src/helper/decode/tunnel/tunnelRegistry';
import { missingTool } from '../lab/tsharkOracle';

/** Registrations of ours that Wireshark makes differently, each with its reason. */
const OURS_ONLY: Record<string, number[]> = {
  // Wireshark's QUIC dissector is heuristic and follows connections; short headers carry nothing
  // else to go by, so UDP 443 names them here.
  'quic udp.port': [443],
};
/** Cisco's OUI: SNAP codes under it are Wireshark's `llc.cisco_pid` table. */
const CISCO_OUI = 0x00000c;

/** tshark's decode-as tables: `table name` (as 'udp.port dns') → the values registered. */
function tsharkTables(): Map<string, number[]> {
  const run = spawnSync('tshark', ['-G', 'decodes'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`tshark -G decodes failed: ${run.stderr}`);
  const tables = new Map<string, number[]>();
  for (const line of run.stdout.split('\n')) {
    const [table, value, name] = line.split('\t');
    if (!table || !value || !name) continue;
    const key = `${table} ${name}`;
    tables.set(key, [...(tables.get(key) ?? []), Number(value)]);
  }
  return tables;
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

describe('the decoder registry agrees with Wireshark’s tables', { skip: missingTool('tshark') }, () => {
  it('each module’s TCP and UDP ports, EtherTypes and Cisco SNAP ids are the ones tshark registers for it', () => {
    const tables = tsharkTables();
    const theirs = (table: string, name: string) => sorted(tables.get(`${table} ${name}`) ?? []);
    for (const dissector of APP_DISSECTORS) {
      for (const [table, values] of [
        ['tcp.port', dissector.tcp?.ports ?? []],
        ['udp.port', dissector.udp?.ports ?? []],
        ['ethertype', dissector.ethernet?.etherTypes ?? []],
        [
          'llc.cisco_pid',
          (dissector.ethernet?.snap ?? [])
            .filter((code) => Math.floor(code / 0x10000) === CISCO_OUI)
            .map((code) => code % 0x10000),
        ],
      ] as const) {
        const extra = OURS_ONLY[`${dissector.name} ${table}`] ?? [];
        const ours = sorted(values.filter((value) => !extra.includes(value)));
        assert.deepEqual(ours, theirs(table, dissector.name), `${dissector.name}: ${table}`);
      }
    }
  });

  it('each tunnel module’s IP protocols, UDP ports, EtherTypes and GRE protocol types are tshark’s', () => {
    const tables = tsharkTables();
    // IP in IP has no dissector of its own: tshark registers IPv4's and IPv6's under theirs.
    const theirs = (table: string, name: string) =>
      sorted((name ? [name] : ['ip', 'ipv6']).flatMap((one) => tables.get(`${table} ${one}`) ?? []));
    for (const dissector of TUNNEL_DISSECTORS) {
      for (const [table, values] of [
        ['ip.proto', dissector.ipProtocols ?? []],
        ['udp.port', dissector.udpPorts ?? []],
        ['ethertype', dissector.etherTypes ?? []],
        ['gre.proto', dissector.greProtocols ?? []],
      ] as const) {
        if (!dissector.name && table !== 'ip.proto') continue;
        assert.deepEqual(sorted(values), theirs(table, dissector.name), `${dissector.name || 'ip in ip'}: ${table}`);
      }
    }
  });
});
