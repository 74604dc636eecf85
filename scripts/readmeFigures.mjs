// The README's figures, written from what `npm run bench` measured (test-results/bench-*.json),
// never typed by hand: the block between the two markers in README.md is replaced; a figure whose
// bench did not run this time keeps its line out. Run by scripts/bench.sh after the benchmarks;
// `node scripts/readmeFigures.mjs [RESULTS_DIR]` runs it alone. A unit test checks that the README
// states no size or time outside the block.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.resolve(process.argv[2] ?? path.join(root, 'test-results'));
const readme = path.join(root, 'README.md');
const START =
  '<!-- figures: written by npm run bench (scripts/readmeFigures.mjs) from its measurements; do not edit -->';
const END = '<!-- /figures -->';

const read = (name) => {
  const file = path.join(results, `bench-${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
const seconds = (ms) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const times = (ours, theirs) => `${Math.max(1, Math.round(theirs / ours))}×`;
const byTool = (bench, tool) => bench?.results?.find((result) => result.tool === tool);

/** One line per figure the benchmarks measured, each with what it was compared with. */
function lines() {
  const out = [];
  const sweep = read('arpSweep');
  const [ours, nmap, arpScan] = ['LAN Lens', 'nmap', 'arp-scan'].map((tool) => byTool(sweep, tool));
  if (ours && nmap && arpScan) {
    out.push(
      `- ARP sweep of a ${sweep.hosts}-host lab /24: ${seconds(ours.medianMs)} (nmap -sn ${seconds(nmap.medianMs)}, arp-scan ${seconds(arpScan.medianMs)}), ${ours.found} of ${sweep.hosts} hosts found.`,
    );
  }
  const ports = read('portScan')?.rows?.find((row) => /^top 1000, \d+ hosts, SYN/.test(row.scan));
  if (ports) {
    out.push(
      `- SYN scan of the top 1,000 ports of ${/(\d+) hosts/.exec(ports.scan)[1]} hosts: ${seconds(ports.oursMs)} (nmap -sS ${seconds(ports.nmapMs)}), every port state ${ports.statesEqual ? 'equal to' : 'NOT equal to'} nmap's.`,
    );
  }
  const services = read('services');
  if (services?.lanlens && services?.nmap) {
    out.push(
      `- Service identification of ${services.services} services on ${services.hosts} hosts: ${seconds(services.lanlens.medianMs)} (nmap -sV ${seconds(services.nmap.medianMs)}), ${services.agreed} of ${services.compared} named as nmap names them.`,
    );
  }
  const stats = read('statsFile');
  const [reader, tshark] = ['LAN Lens', 'tshark'].map((tool) => byTool(stats, tool));
  if (reader && tshark) {
    const packets = stats.packets.toLocaleString('en-US');
    out.push(
      `- lanlens stats of a ${packets}-packet pcap (a new process each time): ${reader.medianSeconds} s, ${times(reader.medianSeconds, tshark.medianSeconds)} faster than tshark -z conv,ip (${tshark.medianSeconds} s).`,
    );
  }
  const warm = read('warmOpen');
  if (warm) {
    const { default: ours, tshark } = warm.medianSeconds;
    out.push(
      `- Opening a ${warm.packets.toLocaleString('en-US')}-packet pcap in the pcap editor (the running helper): ${ours.toFixed(2)} s, ${times(ours, tshark)} faster than tshark -z conv,ip (${tshark.toFixed(1)} s).`,
    );
  }
  const huge = read('hugeCapture');
  if (huge?.helper) {
    const { helper, tshark } = huge;
    const gb = (bytes) => `${(bytes / 1e9).toFixed(1)} GB`;
    const took = seconds(tshark.seconds * 1000);
    const theirs =
      tshark.outcome === 'done'
        ? `tshark -z conv,ip ${took}, ${gb(tshark.peakRssBytes)}`
        : tshark.outcome === 'memory'
          ? `tshark -z conv,ip stopped at ${gb(tshark.peakRssBytes)} after ${took}`
          : `tshark -z conv,ip not done in ${tshark.limits.maxSeconds / 60} minutes`;
    out.push(
      `- Opening a ${gb(huge.fileBytes)} pcap of ${huge.packets.toLocaleString('en-US')} packets in the pcap editor: first page in ${seconds(helper.firstPageSeconds * 1000)}, statistics in ${seconds(helper.statisticsSeconds * 1000)} (tcpdump's raw read ${seconds(huge.rawRead.tcpdumpSeconds * 1000)}), helper peak RSS ${Math.round(helper.peakRssBytes / 1e6)} MB (${theirs}).`,
    );
  }
  const debug = read('debugSockets');
  if (debug?.tick_sock_diag && debug?.ss && debug?.attribution && debug?.connectToRow) {
    const ms = (value) => `${Math.round(value).toLocaleString('en-US')} ms`;
    out.push(
      `- Following a debuggee's ${debug.sockets.toLocaleString('en-US')} open sockets: ${ms(debug.tick_sock_diag.medianMs)} a tick (ss -tinp ${ms(debug.ss.medianMs)}); attributing captured flows to them ${ms(debug.attribution.medianMs)} at 10,000 flows; a new connection is listed ${ms(debug.connectToRow.medianMs)} after its connect (worst ${ms(debug.connectToRow.worstMs)}, with ticks of ${ms(debug.tickMs)}).`,
    );
  }
  const startup = read('startup');
  if (startup) {
    out.push(
      `- The linux-x64 VSIX is ${Math.round(startup.vsixKiB).toLocaleString('en-US')} KiB; LAN Lens activates in ${startup.activationMs.toFixed(0)} ms in VS Code.`,
    );
  }
  return out;
}

const text = readFileSync(readme, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start < 0 || end < start) {
  console.error(`readmeFigures: README.md has no figures block (${START} … ${END})`);
  process.exit(1);
}
const figures = lines();
if (figures.length === 0) {
  console.log(`readmeFigures: no benchmark results in ${path.relative(root, results)}; README.md unchanged`);
  process.exit(0);
}
const block = `${START}\n\n${figures.join('\n')}\n\n${END}`;
writeFileSync(readme, text.slice(0, start) + block + text.slice(end + END.length));
console.log(`readmeFigures: README.md figures from ${path.relative(root, results) || '.'}:\n${figures.join('\n')}`);
