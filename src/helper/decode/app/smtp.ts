import { appDissector } from './appDissector';
import { LINE_FIELDS, commandText, decodeLine, dissectLine } from './lineProtocol';

/** SMTP (RFC 5321), by its well-known ports. */
export const smtp = appDissector({
  name: 'smtp',
  title: 'Simple Mail Transfer Protocol',
  fields: LINE_FIELDS,
  tcp: { ports: [25, 587], decode: decodeLine },
  protocolColumn: () => 'SMTP',
  infoColumn(packet, out, _app, fromServer) {
    if (out.replyCode) return `S: ${out.replyCode} ${out.replyText}`;
    if (out.command) return `C: ${commandText(out)}`;
    return fromServer ? 'S: (continuation)' : `C: DATA fragment, ${packet.payloadLength} bytes`;
  },
  dissect: dissectLine,
});
