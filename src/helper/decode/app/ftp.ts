import { appDissector } from './appDissector';
import { LINE_FIELDS, commandText, decodeLine, dissectLine } from './lineProtocol';

/** FTP's control connection (RFC 959), by its well-known port. */
export const ftp = appDissector({
  name: 'ftp',
  title: 'File Transfer Protocol (FTP)',
  fields: LINE_FIELDS,
  tcp: { ports: [21], decode: decodeLine },
  protocolColumn: () => 'FTP',
  infoColumn(_packet, out, _app, fromServer) {
    if (out.replyCode) return `Response: ${out.replyCode} ${out.replyText}`;
    if (out.command) return `Request: ${commandText(out)}`;
    return fromServer ? 'Response: (continuation)' : 'Request: (continuation)';
  },
  dissect: dissectLine,
});
