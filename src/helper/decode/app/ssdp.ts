import { appDissector } from './appDissector';
import { HTTP_FIELDS, HttpStart, decodeHttp, dissectHttp, httpInfo, mayStartHttp } from './http';

/**
 * SSDP (UPnP discovery): HTTP over UDP, on port 1900 or recognised elsewhere by a request line
 * whose URI is `*` (M-SEARCH * HTTP/1.1, NOTIFY * HTTP/1.1).
 */
export const ssdp = appDissector({
  name: 'ssdp',
  title: 'Simple Service Discovery Protocol',
  fields: HTTP_FIELDS,
  udp: {
    ports: [1900],
    heuristic: {
      acceptsFirstByte: mayStartHttp,
      test(out, app, data, start, end) {
        if (decodeHttp(out, app, data, start, end) === HttpStart.None) return false;
        if (out.uri === '*') return true;
        out.reset(); // an HTTP start line that was not SSDP
        return false;
      },
    },
    decode(out, app, data, start, end) {
      decodeHttp(out, app, data, start, end);
    },
  },
  protocolColumn: () => 'SSDP',
  infoColumn: (_packet, out) => httpInfo(out),
  dissect: dissectHttp,
});
