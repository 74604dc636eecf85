// Gentle background traffic of one demo office host, so a capture on the lab bridge has something
// to show: every few seconds (jittered) it looks a colleague's name up in the office DNS, fetches
// the intranet over HTTP or HTTPS (SNI names it), and now and then announces its own name by mDNS.
// Everything goes to lab addresses (the lab's DNS answers office.lan only) or to the mDNS group on
// the lab's own link. Plain JS, run inside `ip netns exec`.
// Usage: node officeClient.mjs <own ip> <own mDNS name> <dns server ip> <intranet name> <names…>
import { createSocket } from 'node:dgram';
import { promises as dns } from 'node:dns';
import { request as httpGet } from 'node:http';
import { request as httpsGet } from 'node:https';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dnsPacket = require('dns-packet');
const [ownIp, ownName, dnsServer, intranet, ...names] = process.argv.slice(2);
const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
resolver.setServers([dnsServer]);

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fetchOnce(get, host, address, port) {
  return new Promise((resolve) => {
    const request = get(
      {
        host: address,
        port,
        path: '/',
        servername: host,
        headers: { Host: host },
        rejectUnauthorized: false,
        timeout: 3000,
      },
      (response) => {
        response.resume();
        response.on('end', resolve);
      },
    );
    request.on('error', resolve);
    request.on('timeout', () => request.destroy());
    request.end();
  });
}

const mdns = createSocket({ type: 'udp4', reuseAddr: true });
mdns.bind(0, ownIp, () => mdns.setMulticastInterface(ownIp));
function announce() {
  const answer = dnsPacket.encode({
    type: 'response',
    flags: dnsPacket.AUTHORITATIVE_ANSWER,
    answers: [{ type: 'A', name: `${ownName}.local`, ttl: 120, flush: true, data: ownIp }],
  });
  mdns.send(answer, 5353, '224.0.0.251');
}

async function round(count) {
  await resolver.resolve4(pick(names)).catch(() => []);
  const [address] = await resolver.resolve4(intranet).catch(() => []);
  if (address) {
    if (Math.random() < 0.5) await fetchOnce(httpGet, intranet, address, 80);
    else await fetchOnce(httpsGet, intranet, address, 443);
  }
  if (count % 2 === 0) announce();
}

process.stdout.write('ready\n');
for (let count = 0; ; count++) {
  await round(count);
  await wait(3000 + Math.random() * 5000);
}
