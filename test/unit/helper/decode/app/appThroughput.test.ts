import { describe, it } from 'node:test';
import { AppInfo } from '../../../../../src/helper/decode/app/appInfo';
import { decodeApp } from '../../../../../src/helper/decode/app/decodeApp';
import { decodePacket } from '../../../../../src/helper/decode/decodePacket';
import { LinkType } from '../../../../../src/helper/decode/linkType';
import { DecodedPacket } from '../../../../../src/helper/decode/packet';
import { hex } from '../../../../fixtures/handMadeFrames';
import { appFrames, tcpFrame, udpFrame } from '../../../../fixtures/appFrames';

const PACKETS = 1_000_000;

/**
 * A mixed stream: 50% TCP bulk on an unregistered port (1514-byte frames, named `data`), 20% TLS
 * application data on 443, 20% small UDP, 10% every hand-made app frame in turn (DNS, HTTP, TLS
 * hellos, DHCP, SSDP…), which is far more name-bearing traffic than a real link carries.
 */
function mixedStream(): Buffer[] {
  const bulk = tcpFrame(50000, 5001, Buffer.alloc(1460, 0x41));
  const tlsData = tcpFrame(443, 50000, Buffer.concat([hex('17 0303 05a7'), Buffer.alloc(1447, 0x5a)]));
  const smallUdp = udpFrame(40000, 5201, Buffer.alloc(18, 0x33));
  const stream: Buffer[] = [];
  for (let i = 0; i < 100; i++) {
    const slot = i % 10;
    if (slot < 5) stream.push(bulk);
    else if (slot < 7) stream.push(tlsData);
    else if (slot < 9) stream.push(smallUdp);
    else stream.push(appFrames[((i / 10) % appFrames.length) | 0].bytes);
  }
  return stream;
}

describe('application decode throughput (printed, not asserted)', () => {
  const stream = mixedStream();
  const packet = new DecodedPacket();
  const app = new AppInfo();

  it(`decodePacket alone, then with decodeApp, on ${PACKETS.toLocaleString('en')} mixed frames`, (t) => {
    const measure = (withApp: boolean) => {
      let named = 0;
      const started = process.hrtime.bigint();
      for (let i = 0; i < PACKETS; i++) {
        const frame = stream[i % stream.length];
        decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
        if (withApp) named += decodeApp(packet, app);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { rate: Math.round(PACKETS / seconds), named };
    };
    measure(true); // warm up both paths
    const alone = measure(false);
    const both = measure(true);
    t.diagnostic(
      `decodePacket: ${alone.rate.toLocaleString('en')} packets/s; decodePacket + decodeApp: ` +
        `${both.rate.toLocaleString('en')} packets/s (checksum ${both.named})`,
    );
  });
});
