// FTP and SMTP: text protocols whose segments start with a command or a numbered reply.
import type { PacketLayer } from '../../../shared/model/traffic';
import type { LayerBuilder } from '../dissect/layerBuilder';
import type { DecodedPacket } from '../packet';
import type { AppStatus, FieldGroup, FieldKind } from './appDissector';
import { digits, isDigits, isToken, latin1, lineEnd, nextSpace, trimEnd } from './text';

/** Longest command word taken as one (FTP and SMTP verbs are 3 to 8 letters). */
const MAX_VERB = 16;

/** The first line of an FTP or SMTP segment: a client command or a server reply. */
export class LineFields implements FieldGroup {
  /** client command, upper case as sent ('USER', 'EHLO'…), '' for a reply */
  command = '';
  argument = '';
  /** server reply code, 0 for a command */
  replyCode = 0;
  replyText = '';

  reset(): void {
    this.command = '';
    this.argument = '';
    this.replyCode = 0;
    this.replyText = '';
  }
}

/** FTP's and SMTP's field group (`app.fields.line`). */
export const LINE_FIELDS: FieldKind<'line', LineFields> = { key: 'line', create: () => new LineFields() };

/**
 * Reads the first line of an FTP (RFC 959) or SMTP (RFC 5321) segment: a reply ("220 ready",
 * "250-…") or a command ("USER anna", "EHLO host"). Returns false when the line is neither.
 */
export function decodeLine(out: LineFields, app: AppStatus, data: Uint8Array, start: number, end: number): boolean {
  const stop = lineEnd(data, start, end);
  if (stop === end) app.truncated = true;
  if (isDigits(data, start, 3, stop) && (stop - start === 3 || data[start + 3] === 0x20 || data[start + 3] === 0x2d)) {
    out.replyCode = digits(data, start, 3);
    out.replyText = latin1(data, start + 4 < stop ? start + 4 : stop, trimEnd(data, start, stop));
    return true;
  }
  const verbEnd = nextSpace(data, start, stop);
  if (verbEnd - start > MAX_VERB || !isToken(data, start, verbEnd)) return false;
  out.command = latin1(data, start, verbEnd);
  out.argument = verbEnd < stop ? latin1(data, verbEnd + 1, trimEnd(data, verbEnd + 1, stop)) : '';
  return true;
}

/** The command and its argument as one text ('USER anna'). */
export function commandText(out: LineFields): string {
  return `${out.command}${out.argument ? ` ${out.argument}` : ''}`;
}

/** The details of an FTP or SMTP line. */
export function dissectLine(b: LayerBuilder, layer: PacketLayer, _packet: DecodedPacket, out: LineFields): void {
  b.notes(layer, [
    ['Command', out.command],
    ['Argument', out.argument],
    ['Reply code', out.replyCode || ''],
    ['Reply text', out.replyText],
  ]);
}
