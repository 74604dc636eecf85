import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket } from '../../../../../src/helper/decode/decodePacket';
import { AppInfo } from '../../../../../src/helper/decode/app/appInfo';
import { APP_PROTOCOL_NAMES } from '../../../../../src/helper/decode/app/appRegistry';
import { decodeApp } from '../../../../../src/helper/decode/app/decodeApp';
import { DecodedPacket } from '../../../../../src/helper/decode/packet';
import { packetColumns } from '../../../../../src/helper/decode/summary/packetColumns';
import { appFrames } from '../../../../fixtures/appFrames';
import { neighbourFrames } from '../../../../fixtures/neighbourFrames';

/** A status field by name (`byContent`), or a field group's by path (`dns.queryName`, `quic.hello.sni`). */
function fieldOf(app: AppInfo, path: string): unknown {
  const [group, ...rest] = path.split('.');
  if (rest.length === 0) return (app as unknown as Record<string, unknown>)[path];
  let value: unknown = (app.fields as unknown as Record<string, unknown>)[group];
  for (const key of rest) value = (value as Record<string, unknown>)[key];
  return value;
}

describe('decodeApp on hand-made frames', () => {
  const packet = new DecodedPacket();
  const app = new AppInfo();
  for (const frame of [...appFrames, ...neighbourFrames]) {
    it(frame.name, () => {
      decodePacket(packet, frame.linkType, frame.bytes, 0, frame.bytes.length);
      decodeApp(packet, app);
      assert.equal(APP_PROTOCOL_NAMES[app.protocol], frame.protocol);
      for (const [field, expected] of Object.entries(frame.fields)) {
        assert.equal(fieldOf(app, field), expected, field);
      }
      if (frame.info !== undefined) assert.equal(packetColumns(packet, app).info, frame.info);
    });
    it(`${frame.name}: cut at every length, nothing throws and fields stay within the bytes`, () => {
      for (let length = 0; length <= frame.bytes.length; length++) {
        decodePacket(packet, frame.linkType, frame.bytes, 0, length);
        decodeApp(packet, app);
        const { dns, dhcp } = app.fields;
        if (dns.recordCount > 0) {
          for (let i = 0; i < dns.recordCount; i++) {
            assert.ok(dns.recordDataOffset[i] + dns.recordDataLength[i] <= length, `record ${i} at ${length}`);
          }
        }
        if (dhcp.clientMacOffset >= 0) assert.ok(dhcp.clientMacOffset + 6 <= length);
        packetColumns(packet, app);
      }
    });
  }
});
