// The lab of the live-capture tests: two hosts, an iperf3 server on the first, and traffic from the
// second on demand (TCP, then small UDP datagrams, both paced so that nothing need drop). Captures
// watch the host-side end of the first host's veth, which every frame to and from the server passes.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Background } from './background';
import { startBackground } from './background';
import { runOk } from './exec';
import type { Lab } from './lab';
import { createLab } from './lab';

/** The iperf3 server's port; captures filter on it. */
export const IPERF_PORT = 5201;

/** A running iperf lab. */
export interface IperfLab {
  lab: Lab;
  /** the host-side end of host 1's veth: every frame to and from the iperf3 server passes it */
  port: string;
  /** a scratch folder that `nobody` may write to, removed with the lab */
  dir: string;
  /** iperf3 from host 2 to host 1 for about 4 s: TCP at 50 Mbit/s, then 200-byte UDP at 20 Mbit/s */
  iperf: () => Promise<void>;
  destroy: () => Promise<void>;
}

/** Builds the lab on `subnet` (three octets, e.g. '10.213.52') under the suite name `suite`. */
export async function createIperfLab(suite: string, subnet: string): Promise<IperfLab> {
  const lab = await createLab({
    suite,
    bridgeIp: `${subnet}.1`,
    hosts: [
      { ip: `${subnet}.11`, mac: `02:13:${subnet.split('.')[2]}:00:00:11` },
      { ip: `${subnet}.12`, mac: `02:13:${subnet.split('.')[2]}:00:00:12` },
    ],
  });
  let server: Background | undefined;
  let dir: string | undefined;
  const destroy = async () => {
    await server?.stop('SIGKILL');
    lab.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    server = startBackground('ip', [
      'netns',
      'exec',
      lab.hosts[0].namespace,
      'iperf3',
      '--server',
      '--forceflush',
      '--bind',
      lab.hosts[0].ip,
      '--port',
      String(IPERF_PORT),
    ]);
    await server.waitFor(/Server listening/);
    dir = mkdtempSync(path.join(tmpdir(), `lanlens-${suite}-`));
    chmodSync(dir, 0o777); // the sudo-user tests write here as nobody
  } catch (error) {
    await destroy();
    throw error;
  }
  const client = (extra: string[]) =>
    runOk(
      'ip',
      [
        'netns',
        'exec',
        lab.hosts[1].namespace,
        'iperf3',
        '--client',
        lab.hosts[0].ip,
        '--port',
        String(IPERF_PORT),
        '--time',
        '2',
        ...extra,
      ],
      { timeoutMs: 60_000 },
    );
  const iperf = async () => {
    await client(['--bitrate', '50M']);
    await client(['--udp', '--bitrate', '20M', '--length', '200']);
  };
  return { lab, port: `llv-${suite}-1`, dir, iperf, destroy };
}

/**
 * The lab for the enclosing describe(): built before its tests and removed after them. Its fields
 * are there once the tests run.
 */
export function iperfLabSuite(suite: string, subnet: string): IperfLab {
  const handle = {} as IperfLab;
  before(async () => {
    Object.assign(handle, await createIperfLab(suite, subnet));
  });
  after(async () => {
    if ('destroy' in handle) await handle.destroy();
  });
  return handle;
}
