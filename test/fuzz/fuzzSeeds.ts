// The captures the fuzzer starts from: files written by the project's own pcap writer, the
// tcpdump recording of a lab (test/fixtures/lab-small.pcap), and pcapng files built from the spec
// (several interfaces and clocks, both byte orders, two sections, every packet block kind).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PcapWriter } from '../../src/helper/capture/pcapWriter';
import type { ByteSink } from '../../src/helper/capture/pcapWriter';
import { LinkType } from '../../src/helper/decode/linkType';
import { appFrames } from '../fixtures/appFrames';
import { handMadeFrames } from '../fixtures/handMadeFrames';
import { linkFrames } from '../fixtures/linkFrames';
import { neighbourFrames } from '../fixtures/neighbourFrames';
import { tunnelFrames } from '../fixtures/tunnelFrames';
import { parsePcap } from './captureModel';
import type { CaptureModel, PcapngBlock, PcapngModel, PcapngOption } from './captureModel';

/** A frame and the link type it is written for. */
export interface SeedFrame {
  linkType: number;
  bytes: Buffer;
}

/** Every hand-made frame of the fixtures: the pool frames are drawn from. */
export const seedFrames: SeedFrame[] = [
  ...handMadeFrames,
  ...linkFrames,
  ...tunnelFrames,
  ...appFrames,
  ...neighbourFrames,
].map(({ linkType, bytes }) => ({ linkType, bytes }));

const BASE_SECONDS = 1_700_000_000;

/** A pcap file written by the project's PcapWriter, to memory. */
function writtenPcap(linkType: number, frames: SeedFrame[], nanoseconds: boolean, snapLength?: number): Buffer {
  const parts: Buffer[] = [];
  const sink: ByteSink = { write: (bytes, length) => parts.push(Buffer.from(bytes.subarray(0, length))), close() {} };
  const writer = new PcapWriter(sink, { linkType, nanoseconds, snapLength });
  frames.forEach((frame, i) => writer.write(BASE_SECONDS + i, 1000 * i + 7, frame.bytes, 0, frame.bytes.length));
  writer.close();
  return Buffer.concat(parts);
}

function option(code: number, value: Buffer | string): PcapngOption {
  return { code, value: typeof value === 'string' ? Buffer.from(value) : value };
}

function u64(value: bigint, littleEndian: boolean): Buffer {
  const b = Buffer.alloc(8);
  if (littleEndian) b.writeBigUInt64LE(value);
  else b.writeBigUInt64BE(value);
  return b;
}

function section(littleEndian: boolean): PcapngBlock {
  return {
    kind: 'shb',
    littleEndian,
    magic: 0x1a2b3c4d,
    major: 1,
    minor: 0,
    sectionLength: -1n,
    options: [option(2, 'x86_64'), option(3, 'Linux 6.1'), option(4, 'LAN Lens fuzz seed')],
    endOfOptions: true,
  };
}

function packet(interfaceId: number, units: bigint, at: number, frame: SeedFrame): PcapngBlock {
  const timestamp = BigInt(BASE_SECONDS + at) * units + BigInt(at * 1234);
  return {
    kind: 'epb',
    interfaceId,
    drops: 0,
    tsHigh: Number(timestamp >> 32n),
    tsLow: Number(timestamp & 0xffffffffn),
    originalLength: frame.bytes.length,
    data: frame.bytes,
    options: at % 3 === 0 ? [option(1, 'a comment'), option(2, Buffer.from([0, 0, 0, 1]))] : [],
    endOfOptions: at % 3 === 0,
  };
}

/** One section: interfaces of the given link types (microseconds, then 2^-10 s with an offset, then ns). */
function pcapngSection(littleEndian: boolean, linkTypes: number[], extra: PcapngBlock[]): PcapngBlock[] {
  const clocks = [
    { options: [option(2, 'eth0')], units: 1_000_000n },
    {
      options: [option(2, 'wlan0mon'), option(9, Buffer.from([0x8a])), option(14, u64(5n, littleEndian))],
      units: 1024n,
    },
    { options: [option(9, Buffer.from([9]))], units: 1_000_000_000n },
  ];
  const blocks: PcapngBlock[] = [section(littleEndian)];
  linkTypes.forEach((linkType, i) => {
    const clock = clocks[i % clocks.length];
    blocks.push({ kind: 'idb', linkType, reserved: 0, snapLength: 262144, options: clock.options, endOfOptions: true });
  });
  let at = 0;
  linkTypes.forEach((linkType, id) => {
    for (const frame of seedFrames.filter((f) => f.linkType === linkType).slice(0, 12)) {
      blocks.push(packet(id, clocks[id % clocks.length].units, at++, frame));
    }
  });
  return [...blocks, ...extra];
}

function pcapngSeeds(): PcapngModel[] {
  const ethernet = seedFrames.filter((frame) => frame.linkType === LinkType.Ethernet);
  const nameRecord = Buffer.concat([
    Buffer.from([1, 0, 14, 0, 10, 0, 0, 1]),
    Buffer.from('router.lan\0\0'),
    Buffer.alloc(4),
  ]);
  const statistics = Buffer.alloc(12);
  const sll = seedFrames.find((frame) => frame.linkType === LinkType.LinuxSll)!;
  return [
    {
      format: 'pcapng',
      blocks: pcapngSection(true, [LinkType.Ethernet], [{ kind: 'raw', type: 4, body: nameRecord }]),
    },
    {
      format: 'pcapng',
      blocks: pcapngSection(
        false,
        [LinkType.Ethernet, LinkType.Ieee80211Radiotap, LinkType.LinuxSll],
        [
          { kind: 'spb', originalLength: ethernet[0].bytes.length, data: ethernet[0].bytes },
          { kind: 'raw', type: 5, body: statistics },
          {
            kind: 'opb',
            interfaceId: 2,
            drops: 0,
            tsHigh: 0,
            tsLow: 1234,
            originalLength: sll.bytes.length,
            data: sll.bytes,
            options: [],
            endOfOptions: false,
          },
        ],
      ),
    },
    {
      format: 'pcapng',
      blocks: [
        ...pcapngSection(true, [LinkType.Raw, LinkType.Ethernet], []),
        ...pcapngSection(false, [LinkType.Nflog], []),
      ],
    },
  ];
}

function pcapSeeds(labCapture: Buffer): CaptureModel[] {
  const byLinkType = new Map<number, SeedFrame[]>();
  for (const frame of seedFrames) byLinkType.set(frame.linkType, [...(byLinkType.get(frame.linkType) ?? []), frame]);
  const ethernet = byLinkType.get(LinkType.Ethernet)!;
  const written = [
    writtenPcap(LinkType.Ethernet, ethernet, false),
    writtenPcap(LinkType.Ethernet, ethernet.slice(0, 30), true, 96),
    ...[...byLinkType]
      .filter(([type]) => type !== LinkType.Ethernet)
      .map(([type, frames]) => writtenPcap(type, frames, false)),
  ];
  return [parsePcap(labCapture), ...written.map(parsePcap)];
}

let cached: CaptureModel[] | undefined;

/** The seed captures (built once per process). */
export function seedCaptures(): CaptureModel[] {
  cached ??= [...pcapSeeds(readFileSync(path.join(__dirname, '../fixtures/lab-small.pcap'))), ...pcapngSeeds()];
  return cached;
}
