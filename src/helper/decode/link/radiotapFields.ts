// Radiotap's fields (radiotap.org): which present bits the header announces, where each field sits
// (every field aligned to its own natural boundary, counted from the header's start), and how the
// details pane shows them, with Wireshark's "802.11 radio information" summary after them.
import { u16le, u32le } from '../bytes';
import type { LayerBuilder } from '../dissect/layerBuilder';
import { hexOf } from '../dissect/layerBuilder';

/** A field of the radiotap namespace: alignment and size in bytes, name, and its value as text. */
interface FieldSpec {
  readonly align: number;
  readonly size: number;
  readonly name: string;
  readonly text?: (data: Uint8Array, at: number) => string | number;
}

const s8 = (data: Uint8Array, at: number) => (data[at]! << 24) >> 24;
const dbm = (data: Uint8Array, at: number) => `${s8(data, at)} dBm`;
const u8 = (data: Uint8Array, at: number) => data[at]!;
const hex16 = (data: Uint8Array, at: number) => hexOf(u16le(data, at), 4);

/** The radiotap namespace's fields by present bit (0..27); bit 28 (TLVs) and beyond are not walked. */
const FIELDS: readonly (FieldSpec | undefined)[] = [
  { align: 8, size: 8, name: 'MAC timestamp', text: (d, at) => u32le(d, at) + u32le(d, at + 4) * 2 ** 32 },
  { align: 1, size: 1, name: 'Flags', text: (d, at) => hexOf(d[at]!, 2) },
  { align: 1, size: 1, name: 'Data rate', text: (d, at) => `${d[at]! / 2} Mb/s` },
  { align: 2, size: 4, name: 'Channel frequency', text: (d, at) => `${u16le(d, at)} MHz, flags ${hex16(d, at + 2)}` },
  { align: 2, size: 2, name: 'FHSS' },
  { align: 1, size: 1, name: 'Antenna signal', text: dbm },
  { align: 1, size: 1, name: 'Antenna noise', text: dbm },
  { align: 2, size: 2, name: 'Lock quality', text: (d, at) => u16le(d, at) },
  { align: 2, size: 2, name: 'Transmit attenuation' },
  { align: 2, size: 2, name: 'dB transmit attenuation' },
  { align: 1, size: 1, name: 'Transmit power', text: dbm },
  { align: 1, size: 1, name: 'Antenna', text: u8 },
  { align: 1, size: 1, name: 'dB antenna signal', text: (d, at) => `${d[at]!} dB` },
  { align: 1, size: 1, name: 'dB antenna noise', text: (d, at) => `${d[at]!} dB` },
  { align: 2, size: 2, name: 'RX flags', text: hex16 },
  { align: 2, size: 2, name: 'TX flags', text: hex16 },
  { align: 1, size: 1, name: 'RTS retries', text: u8 },
  { align: 1, size: 1, name: 'Data retries', text: u8 },
  { align: 4, size: 8, name: 'Channel (XChannel)' },
  { align: 1, size: 3, name: 'MCS information' },
  { align: 4, size: 8, name: 'A-MPDU status' },
  { align: 2, size: 12, name: 'VHT information' },
  { align: 8, size: 12, name: 'Timestamp' },
  { align: 2, size: 12, name: 'HE information' },
  { align: 2, size: 12, name: 'HE-MU information' },
  { align: 2, size: 6, name: 'HE-MU-other-user information' },
  { align: 1, size: 1, name: '0-length PSDU', text: u8 },
  { align: 2, size: 4, name: 'L-SIG' },
];
/** Present-word bits: the next word starts the radiotap namespace again, a vendor namespace, or continues this one. */
const RADIOTAP_NEXT = 1 << 29;
const VENDOR_NEXT = 1 << 30;
const EXT = 1 << 31;
/** Radiotap field bits (present word 0). */
export const RadiotapBit = { Tsft: 0, Flags: 1, Rate: 2, Channel: 3, Signal: 5, Noise: 6 } as const;

/**
 * Calls `visit` for each field of the radiotap namespace in the header at `start..end` (its
 * length), with its bit and offset, in order. Vendor namespaces are skipped whole (their skip
 * length), a field of unknown size ends the walk, and so does a field running past `end`: every
 * step moves on, so the cost is linear in the header however many present words it chains.
 */
export function walkRadiotap(data: Uint8Array, start: number, end: number, visit: (bit: number, at: number) => void) {
  let fields = start + 4;
  while (fields + 4 <= end && u32le(data, fields) & EXT) fields += 4;
  fields += 4;
  let at = fields;
  let vendor = false;
  let base = 0;
  for (let word = start + 4; word < fields && word + 4 <= end; word += 4) {
    const present = u32le(data, word);
    if (!vendor) {
      for (let bit = 0; bit < 29; bit++) {
        if (!(present & (1 << bit))) continue;
        const spec = FIELDS[base + bit];
        if (!spec) return;
        at = start + ((at - start + spec.align - 1) & ~(spec.align - 1));
        if (at + spec.size > end) return;
        visit(base + bit, at);
        at += spec.size;
      }
    }
    base += 32;
    if (present & RADIOTAP_NEXT) {
      vendor = false;
      base = 0;
    } else if (present & VENDOR_NEXT) {
      // A vendor namespace: OUI, sub-namespace and the length of its data, 2-aligned; its fields are skipped.
      vendor = true;
      at = start + ((at - start + 1) & ~1);
      if (at + 6 > end) return;
      at += 6 + u16le(data, at + 4);
    }
  }
}

/** Adds the radiotap layer for the header at `at` of `length` bytes, and the radio summary tshark shows after it. */
export function dissectRadiotap(b: LayerBuilder, at: number, length: number): void {
  const end = Math.min(at + length, b.end);
  const layer = b.layer('radiotap', `Radiotap Header v${b.u8(at)}, Length ${length}`, at, length);
  b.field(layer, 'Header revision', at, 1, () => b.u8(at));
  b.field(layer, 'Header pad', at + 1, 1, () => b.u8(at + 1));
  b.field(layer, 'Header length', at + 2, 2, () => length);
  for (let word = at + 4, n = 0; b.has(word, 4) && word < end; word += 4, n++) {
    b.field(layer, n === 0 ? 'Present flags' : `Present flags word ${n}`, word, 4, () => hexOf(u32le(b.data, word), 8));
    if (!(u32le(b.data, word) & EXT) || n >= 63) break;
  }
  const radio: Record<number, number> = {};
  walkRadiotap(b.data, at, end, (bit, offset) => {
    const spec = FIELDS[bit]!;
    radio[bit] = offset;
    b.field(layer, spec.name, offset, spec.size, () => spec.text?.(b.data, offset) ?? `${spec.size} bytes`);
  });
  dissectRadio(b, at, radio);
}

/** Wireshark's "802.11 radio information": the radio fields radiotap gave, in its units. */
function dissectRadio(b: LayerBuilder, at: number, radio: Record<number, number>): void {
  const data = b.data;
  const layer = b.layer('wlan_radio', '802.11 radio information', at, 0);
  const { [RadiotapBit.Rate]: rate, [RadiotapBit.Channel]: channel, [RadiotapBit.Signal]: signal } = radio;
  const { [RadiotapBit.Noise]: noise, [RadiotapBit.Tsft]: tsft } = radio;
  if (rate !== undefined) b.note(layer, 'Data rate', `${data[rate]! / 2} Mb/s`);
  if (channel !== undefined) {
    const frequency = u16le(data, channel);
    const number = channelOf(frequency);
    if (number !== undefined) b.note(layer, 'Channel', number);
    b.note(layer, 'Frequency', `${frequency} MHz`);
  }
  if (signal !== undefined) b.note(layer, 'Signal strength', dbm(data, signal));
  if (noise !== undefined) b.note(layer, 'Noise level', dbm(data, noise));
  if (tsft !== undefined) b.note(layer, 'TSF timestamp', u32le(data, tsft) + u32le(data, tsft + 4) * 2 ** 32);
}

/** The IEEE channel number of a 2.4, 5 or 6 GHz frequency in MHz (as Wireshark's ieee80211_mhz_to_chan). */
export function channelOf(mhz: number): number | undefined {
  if (mhz === 2484) return 14;
  if (mhz >= 2412 && mhz < 2484) return (mhz - 2407) / 5;
  if (mhz >= 4910 && mhz <= 4980) return (mhz - 4000) / 5;
  if (mhz > 5950 && mhz <= 7115) return (mhz - 5950) / 5;
  if (mhz >= 5000 && mhz <= 5900) return (mhz - 5000) / 5;
  return undefined;
}
