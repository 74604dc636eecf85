import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodePacket } from '../../../../../src/helper/decode/decodePacket';
import { APP_PROTOCOL_NAMES, AppInfo } from '../../../../../src/helper/decode/app/appInfo';
import { decodeApp } from '../../../../../src/helper/decode/app/decodeApp';
import { DecodedPacket } from '../../../../../src/helper/decode/packet';
import { packetColumns } from '../../../../../src/helper/decode/summary/packetColumns';
import { appFrames } from '../../../../fixtures/appFrames';

describe('decodeApp on hand-made frames', () => {
  const packet = new DecodedPacket();
  const app = new AppInfo();
  for (const frame of appFrames) {
    it(frame.name, () => {
      decodePacket(packet, frame.linkType, frame.bytes, 0, frame.bytes.length);
      decodeApp(packet, app);
      assert.equal(APP_PROTOCOL_NAMES[app.protocol], frame.protocol);
      for (const [field, expected] of Object.entries(frame.fields)) {
        assert.equal((app as unknown as Record<string, unknown>)[field], expected, field);
      }
      if (frame.info !== undefined) assert.equal(packetColumns(packet, app).info, frame.info);
    });
    it(`${frame.name}: cut at every length, nothing throws and fields stay within the bytes`, () => {
      for (let length = 0; length <= frame.bytes.length; length++) {
        decodePacket(packet, frame.linkType, frame.bytes, 0, length);
        decodeApp(packet, app);
        if (app.dnsRecordCount > 0) {
          for (let i = 0; i < app.dnsRecordCount; i++) {
            assert.ok(app.dnsRecordDataOffset[i] + app.dnsRecordDataLength[i] <= length, `record ${i} at ${length}`);
          }
        }
        if (app.dhcpClientMacOffset >= 0) assert.ok(app.dhcpClientMacOffset + 6 <= length);
        packetColumns(packet, app);
      }
    });
  }
});
