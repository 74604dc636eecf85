import type { AppStatus, FieldGroup, FieldKind } from './appDissector';
import { appDissector } from './appDissector';
import { ascii, hasBytes, latin1, lineEnd } from './text';

const SSH_DASH = ascii('SSH-');
/** RFC 4253 section 4.2 limits the identification line to 255 bytes with its CR LF. */
const MAX_BANNER = 255;

/** What an SSH segment shows in the clear: its identification line. */
export class SshFields implements FieldGroup {
  /** the identification line without CR LF: `SSH-2.0-OpenSSH_9.2p1 Debian-2` (hostile) */
  banner = '';

  reset(): void {
    this.banner = '';
  }
}

/** SSH's field group (`app.fields.ssh`). */
export const SSH_FIELDS: FieldKind<'ssh', SshFields> = { key: 'ssh', create: () => new SshFields() };

/** The payload begins with an SSH identification line ("SSH-2.0-…"). */
export function isSshBanner(data: Uint8Array, start: number, end: number): boolean {
  return hasBytes(data, start, end, SSH_DASH) && end - start >= 8;
}

/** Reads the identification line (RFC 4253 section 4.2) without its CR LF; binary packets are left alone. */
export function decodeSsh(out: SshFields, app: AppStatus, data: Uint8Array, start: number, end: number): void {
  if (!hasBytes(data, start, end, SSH_DASH)) return;
  const limit = end - start > MAX_BANNER ? start + MAX_BANNER : end;
  const stop = lineEnd(data, start, limit);
  if (stop === end) app.truncated = true;
  out.banner = latin1(data, start, stop);
}

/** SSH: its banner proves it on any TCP port; a registered port names the encrypted packets. */
export const ssh = appDissector({
  name: 'ssh',
  title: 'SSH Protocol',
  fields: SSH_FIELDS,
  tcp: {
    ports: [22, 29418],
    heuristic: {
      strong: true,
      acceptsFirstByte: (byte) => byte === SSH_DASH[0],
      test: (_out, _app, data, start, end) => isSshBanner(data, start, end),
      decode: decodeSsh,
    },
  },
  protocolColumn: () => 'SSHv2',
  infoColumn: (packet, out, _app, fromServer) =>
    `${fromServer ? 'Server' : 'Client'}: ${out.banner ? `Protocol (${out.banner})` : `Encrypted packet (len=${packet.payloadLength})`}`,
  dissect: (b, layer, _packet, out) => b.notes(layer, [['Protocol', out.banner]]),
});
