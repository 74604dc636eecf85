// Decoding in memory, without capture or files: how many packets a second decodePacket, and
// decodePacket followed by decodeApp, get through on two fixed frame mixes (test/fixtures/
// decodeMixes.ts): issue 4's transport mix (one 1514-byte TCP frame in five, the rest small UDP),
// decoded in place and read from a generated pcap stream; and the application mix (TCP bulk, TLS
// data, small UDP and every hand-made application frame). Each figure is the median of RUNS runs
// of PACKETS packets after one warm-up run, in wall-clock time (the runs are printed too) and per
// second of the process's CPU time, which a busy machine disturbs less. Issue 12 asks that these
// stay within 5% of what they were before the decoder registry. Prints only: nothing is asserted.
import type { ByteSource } from '../src/helper/capture/byteSource';
import { chunksOf } from '../src/helper/capture/chunkSource';
import { openPacketReader } from '../src/helper/capture/pcapFile';
import { AppInfo } from '../src/helper/decode/app/appInfo';
import { decodeApp } from '../src/helper/decode/app/decodeApp';
import { decodePacket } from '../src/helper/decode/decodePacket';
import { LinkType } from '../src/helper/decode/linkType';
import { DecodedPacket } from '../src/helper/decode/packet';
import { pcapHeader } from '../test/fixtures/captureBytes';
import { appMix, transportMix, TRANSPORT_MIX_BLOCK } from '../test/fixtures/decodeMixes';
import { median } from './median';

const PACKETS = 1_000_000;
const RUNS = 5;

/** One timed pass: packets decoded, and a checksum that keeps the work from being optimised away. */
interface Pass {
  packets: number;
  /** wall-clock time */
  seconds: number;
  /** CPU time of this process (user + system): steadier than wall time on a busy machine */
  cpuSeconds: number;
  checksum: number;
}

/** A pcap file of `repeats` copies of `records`, generated as it is read, so it needs no memory. */
function repeatingSource(records: Buffer, repeats: number): ByteSource {
  const header = pcapHeader(true, false, LinkType.Ethernet);
  let position = -header.length;
  const total = records.length * repeats;
  return {
    read(target, offset, length) {
      if (position < 0) {
        header.copy(target, offset);
        position = 0;
        return header.length;
      }
      const count = Math.min(length, total - position, records.length - (position % records.length));
      records.copy(target, offset, position % records.length, (position % records.length) + count);
      position += count;
      return count;
    },
    close: () => undefined,
  };
}

function timed(run: () => { packets: number; checksum: number }): Pass {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const { packets, checksum } = run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  return { packets, checksum, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

const packet = new DecodedPacket();
const app = new AppInfo();
const transport = transportMix();
const stream = appMix();

/** Figures in the order they print: each a name and one pass of PACKETS packets. */
const figures: Array<{ name: string; pass: () => Pass }> = [
  {
    name: 'transport mix, decodePacket in place',
    pass: () =>
      timed(() => {
        let payloadBytes = 0;
        for (let round = 0; round < PACKETS / TRANSPORT_MIX_BLOCK; round++) {
          for (const [offset, length] of transport.frames) {
            decodePacket(packet, LinkType.Ethernet, transport.records, offset, length);
            payloadBytes += packet.payloadLength;
          }
        }
        return { packets: PACKETS, checksum: payloadBytes };
      }),
  },
  {
    name: 'transport mix, pcap stream read + decodePacket',
    pass: () =>
      timed(() => {
        const reader = openPacketReader(chunksOf(repeatingSource(transport.records, PACKETS / TRANSPORT_MIX_BLOCK)));
        let count = 0;
        let bytes = 0;
        for (let record = reader.next(); record; record = reader.next()) {
          decodePacket(packet, record.linkType, record.data, record.offset, record.capturedLength);
          count++;
          bytes += record.capturedLength;
        }
        reader.close();
        return { packets: count, checksum: bytes };
      }),
  },
  { name: 'app mix, decodePacket', pass: () => appMixPass(false) },
  { name: 'app mix, decodePacket + decodeApp', pass: () => appMixPass(true) },
];

function appMixPass(withApp: boolean): Pass {
  return timed(() => {
    let named = 0;
    for (let i = 0; i < PACKETS; i++) {
      const frame = stream[i % stream.length];
      decodePacket(packet, LinkType.Ethernet, frame, 0, frame.length);
      if (withApp) named += decodeApp(packet, app);
    }
    return { packets: PACKETS, checksum: named };
  });
}

function main(): void {
  console.log(`\nDecode throughput, in memory (${PACKETS.toLocaleString('en')} packets per run, median of ${RUNS})`);
  // Warm up every path first, so the first figure is not the one that pays for compilation.
  for (const figure of figures) figure.pass();
  const runs = figures.map(() => [] as Pass[]);
  // Runs interleave the figures, so a slow spell of a shared machine touches all of them alike.
  for (let run = 0; run < RUNS; run++) figures.forEach((figure, i) => runs[i].push(figure.pass()));
  figures.forEach((figure, i) => {
    const rates = runs[i].map((pass) => pass.packets / pass.seconds);
    const cpuRates = runs[i].map((pass) => pass.packets / pass.cpuSeconds);
    const { packets, checksum } = runs[i][0];
    console.log(
      `  ${figure.name.padEnd(48)} ${Math.round(median(rates)).toLocaleString('en').padStart(11)} packets/s` +
        `  [${rates.map((rate) => `${(rate / 1e6).toFixed(2)}M`).join(', ')}]` +
        `  per CPU second ${Math.round(median(cpuRates)).toLocaleString('en')}  (${packets} packets, checksum ${checksum})`,
    );
  });
}

main();
