import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CommandId, ContextKey } from '../../../src/extension/contributionIds';
import type { CaptureAccess } from '../../../src/shared/model/privilege';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { viewsWelcome: { view: string; contents: string; when?: string }[] };
};
const welcome = manifest.contributes.viewsWelcome;
const accesses: CaptureAccess[] = ['process', 'granted', 'not-granted', 'broken', 'unavailable'];

/** The welcome entries VS Code shows when `lanLens.captureAccess` has this value. */
function shownFor(access: CaptureAccess): string[] {
  return welcome
    .filter(
      ({ when }) =>
        !when || when.split('||').some((part) => part.trim() === `${ContextKey.captureAccess} == ${access}`),
    )
    .map(({ contents }) => contents);
}

test('the Devices welcome tells, for each capture access, what works now and what needs the grant', () => {
  for (const access of accesses) {
    const text = shownFor(access).join('\n');
    assert.match(text, /\[Scan LAN\]\(command:lanLens\.scanLan\)/, access);
    assert.match(text, /interfaces, bandwidth, (TCP )?connect scans, the neighbour table and pcap files/, access);
    const grant = `[Grant Capture Permission](command:${CommandId.grantCapturePermission})`;
    const needsGrant = access === 'not-granted' || access === 'broken';
    assert.equal(text.includes(grant), needsGrant, `${access}: the grant button`);
    if (needsGrant) assert.match(text, /Needs capture permission|does not work here/, access);
  }
});

test('welcome when clauses use only context keys and values LAN Lens sets', () => {
  for (const { when } of welcome) {
    for (const part of when?.split('||') ?? []) {
      const match = /^\s*([\w.]+) == ([\w-]+)\s*$/.exec(part);
      assert.ok(match, part);
      assert.equal(match[1], ContextKey.captureAccess);
      assert.ok(accesses.includes(match[2] as CaptureAccess), match[2]);
    }
  }
});
