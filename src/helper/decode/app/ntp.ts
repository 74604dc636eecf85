import type { AppStatus, FieldGroup, FieldKind } from './appDissector';
import { appDissector } from './appDissector';

/** Length of an NTP packet without extension fields or MAC (RFC 5905 section 7.3). */
const NTP_HEADER = 48;

/** The first bytes of an NTP packet. */
export class NtpFields implements FieldGroup {
  leap = 0;
  version = 0;
  /** 1 symmetric active, 2 passive, 3 client, 4 server, 5 broadcast, 6 control, 7 private */
  mode = 0;
  stratum = 0;
  /** poll interval, log2 seconds */
  poll = 0;

  reset(): void {
    this.leap = 0;
    this.version = 0;
    this.mode = 0;
    this.stratum = 0;
    this.poll = 0;
  }
}

/** NTP's field group (`app.fields.ntp`). */
export const NTP_FIELDS: FieldKind<'ntp', NtpFields> = { key: 'ntp', create: () => new NtpFields() };

/** Reads the first bytes of an NTP packet (RFC 5905): leap indicator, version, mode, stratum, poll. */
export function decodeNtp(out: NtpFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  if (end - start < 1) {
    app.truncated = true;
    return;
  }
  const first = data[start]!;
  out.leap = first >> 6;
  out.version = (first >> 3) & 7;
  out.mode = first & 7;
  if (end - start < 3) {
    app.truncated = true;
    if (end - start === 2) out.stratum = data[start + 1]!;
    return;
  }
  out.stratum = data[start + 1]!;
  out.poll = (data[start + 2]! << 24) >> 24; // signed
  // Mode 6 and 7 (control, private) have their own shorter formats.
  if (end - start < NTP_HEADER && out.mode < 6) app.truncated = true;
}

const NTP_MODES = [
  'reserved',
  'symmetric active',
  'symmetric passive',
  'client',
  'server',
  'broadcast',
  'reserved for NTP control message',
  'reserved for private use',
];

/** NTP, by its well-known port (TCP and UDP 123). */
export const ntp = appDissector({
  name: 'ntp',
  title: 'Network Time Protocol',
  fields: NTP_FIELDS,
  tcp: { ports: [123], decode: decodeNtp },
  udp: { ports: [123], decode: decodeNtp },
  protocolColumn: () => 'NTP',
  infoColumn: (_packet, out) => `NTP Version ${out.version}, ${NTP_MODES[out.mode]}`,
  dissect: (b, layer, _packet, out) =>
    b.notes(layer, [
      ['Leap indicator', out.leap],
      ['Version', out.version],
      ['Mode', out.mode],
      ['Stratum', out.stratum],
      ['Poll', `${out.poll} (${2 ** Math.max(-30, Math.min(30, out.poll))} s)`],
    ]),
});
