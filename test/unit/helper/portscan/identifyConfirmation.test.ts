// Service detection on more open ports than it probes without asking (a host open on every port):
// the identify stage asks first, skips service detection with a warning when refused or when
// nobody can answer, and keeps the OS guess; over the real protocol server, the question reaches
// the client as ports/confirmIdentify and its answer comes back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownInterfaces } from '../../../../src/helper/os/interfaces';
import { identifyStage, MAX_UNCONFIRMED_IDENTIFY } from '../../../../src/helper/portscan/identifyStage';
import type { PortScanContext } from '../../../../src/helper/portscan/portScanContext';
import { connectToServer } from '../captureFile/inProcessServer';
import type { ConfirmIdentifyParams } from '../../../../src/shared/helperProtocol';
import { ConfirmIdentifyRequest, PortScanRequestMessage } from '../../../../src/shared/helperProtocol';
import type { HostPorts, PortResult, PortScanRequest } from '../../../../src/shared/model/ports';

/** a host with `open` open TCP ports and one closed */
function host(ip: string, open: number): HostPorts {
  const ports: PortResult[] = Array.from({ length: open }, (_, i) => ({
    port: i + 1,
    protocol: 'tcp',
    state: 'open',
    reason: 'syn-ack',
  }));
  ports.push({ port: 65_000, protocol: 'tcp', state: 'closed', reason: 'reset' });
  return { ip, up: true, ports, notShown: {} };
}

const request: PortScanRequest = {
  scanId: 's',
  targets: ['10.213.1.0/24'],
  tcp: { set: 'all' },
  serviceDetection: true,
  osDetection: true,
};
const findings = { sent: 0, fingerprints: new Map(), udpAnswers: new Map() };

function stage(hosts: HostPorts[], confirmIdentify?: PortScanContext['confirmIdentify']) {
  const asked: { ports: number; hosts: number }[] = [];
  const identified: { serviceDetection: boolean; osDetection: boolean }[] = [];
  const context: PortScanContext = {
    interfaces: [],
    logger: { log: () => undefined },
    identify: (_hosts, options) => {
      identified.push({ serviceDetection: options.serviceDetection, osDetection: options.osDetection });
      return Promise.resolve({ cutShort: 0 } as Awaited<ReturnType<NonNullable<PortScanContext['identify']>>>);
    },
    ...(confirmIdentify
      ? {
          confirmIdentify: (count: { ports: number; hosts: number }) => {
            asked.push(count);
            return confirmIdentify(count);
          },
        }
      : {}),
  };
  return { run: () => identifyStage(request, hosts, findings, context), asked, identified };
}

describe('service detection on very many open ports', () => {
  it('identifies up to the limit without asking', async () => {
    const { run, asked, identified } = stage([host('10.213.1.5', MAX_UNCONFIRMED_IDENTIFY)], () => {
      throw new Error('asked');
    });
    assert.deepEqual(await run(), []);
    assert.deepEqual(asked, []);
    assert.deepEqual(identified, [{ serviceDetection: true, osDetection: true }]);
  });

  it('asks above it, with the open ports and their hosts, and identifies when agreed', async () => {
    const { run, asked, identified } = stage([host('10.213.1.5', 4000), host('10.213.1.6', 500)], () =>
      Promise.resolve(true),
    );
    assert.deepEqual(await run(), []);
    assert.deepEqual(asked, [{ ports: 4500, hosts: 2 }]);
    assert.deepEqual(identified, [{ serviceDetection: true, osDetection: true }]);
  });

  it('refused, failed or unanswerable: no service detection, a warning that says why, the OS guess kept', async () => {
    for (const answer of [() => Promise.resolve(false), () => Promise.reject(new Error('gone')), undefined]) {
      const { run, identified } = stage([host('10.213.1.5', 65_535)], answer);
      const warnings = await run();
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /^Service detection skipped: 65,535 open ports on 1 host, more than the 4,096/);
      assert.deepEqual(identified, [{ serviceDetection: false, osDetection: true }]);
    }
  });

  it('the helper asks the client over ports/confirmIdentify, and the answer decides', async () => {
    for (const answer of [true, false]) {
      const questions: ConfirmIdentifyParams[] = [];
      const client = connectToServer(
        {
          addressedInterfaces: () => Promise.resolve(ownInterfaces()),
          // The scan's own stages are tested elsewhere: this one only asks, as the identify stage does.
          runPortScan: async (scan, context) => {
            const agreed = await context.confirmIdentify!({ ports: 60_000, hosts: 1 });
            return {
              scanId: scan.scanId,
              method: 'connect',
              hosts: [],
              cancelled: false,
              warnings: [String(agreed)],
              durationMs: 0,
              probesSent: 0,
            };
          },
        },
        (connection) =>
          connection.onRequest(ConfirmIdentifyRequest.type, (params) => {
            questions.push(params);
            return answer;
          }),
      );
      const result = await client.sendRequest(PortScanRequestMessage.type, {
        scanId: 'many',
        targets: ['127.0.0.1'],
        tcp: { set: 'top100' },
      });
      assert.deepEqual(questions, [{ scanId: 'many', ports: 60_000, hosts: 1 }]);
      assert.deepEqual(result.warnings, [String(answer)]);
      client.dispose();
    }
  });
});
