// Datagrams that make common UDP services answer. A UDP port that stays silent may be open or
// filtered, so each service gets a request it must reply to; other ports get an empty datagram,
// as nmap sends.
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';

function dnsQuery(): Buffer {
  // "Who serves the root?": every DNS server answers it, if only with REFUSED.
  return dnsPacket.encode({
    type: 'query',
    id: randomInt(0, 65536),
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type: 'NS', name: '.', class: 'IN' }],
  });
}

function mdnsQuery(): Buffer {
  // A one-shot ("legacy unicast") query from a port other than 5353: responders answer us directly.
  return dnsPacket.encode({
    type: 'query',
    id: randomInt(0, 65536),
    questions: [{ type: 'PTR', name: '_services._dns-sd._udp.local', class: 'IN' }],
  });
}

function ntpRequest(): Buffer {
  const packet = Buffer.alloc(48);
  packet[0] = 0xe3; // leap unknown, version 4, mode 3 (client)
  return packet;
}

/** BER: tag, definite length (short or long form), contents */
function ber(tag: number, contents: Buffer): Buffer {
  const length = contents.length < 0x80 ? Buffer.from([contents.length]) : Buffer.from([0x81, contents.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, contents]);
}

function snmpGet(): Buffer {
  // SNMPv1 GetRequest, community "public", for sysDescr.0 (1.3.6.1.2.1.1.1.0).
  const integer = (value: number) => ber(0x02, Buffer.from([(value >>> 24) & 0x7f, value >>> 16, value >>> 8, value]));
  const oid = ber(0x06, Buffer.from([0x2b, 6, 1, 2, 1, 1, 1, 0]));
  const varbind = ber(0x30, Buffer.concat([oid, Buffer.from([0x05, 0x00])]));
  const pdu = ber(
    0xa0,
    Buffer.concat([
      integer(randomInt(1, 2 ** 31)),
      ber(0x02, Buffer.from([0])),
      ber(0x02, Buffer.from([0])),
      ber(0x30, varbind),
    ]),
  );
  return ber(0x30, Buffer.concat([ber(0x02, Buffer.from([0])), ber(0x04, Buffer.from('public')), pdu]));
}

function netbiosStatus(): Buffer {
  // NBSTAT for the wildcard name "*": any NetBIOS node answers with its name table.
  const header = Buffer.from([randomInt(0, 256), randomInt(0, 256), 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  const raw = Buffer.alloc(16);
  raw[0] = 0x2a;
  const encoded = Buffer.alloc(32);
  for (let i = 0; i < 16; i++) {
    encoded[2 * i] = 0x41 + (raw[i]! >> 4);
    encoded[2 * i + 1] = 0x41 + (raw[i]! & 0x0f);
  }
  return Buffer.concat([header, Buffer.from([0x20]), encoded, Buffer.from([0x00, 0x00, 0x21, 0x00, 0x01])]);
}

function ssdpSearch(): Buffer {
  return Buffer.from(
    'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n',
  );
}

const PAYLOADS: Record<number, () => Buffer> = {
  53: dnsQuery,
  123: ntpRequest,
  137: netbiosStatus,
  161: snmpGet,
  1900: ssdpSearch,
  5353: mdnsQuery,
};

/** The datagram to send to a UDP port: a service request where one is known, else empty. */
export function udpPayload(port: number): Buffer {
  return PAYLOADS[port]?.() ?? Buffer.alloc(0);
}
