// tshark as the oracle for the link layers beyond Ethernet (NFLOG, radiotap and 802.11, PKTAP):
// per packet, the Protocol and Info columns and the link fields tshark extracts, next to the
// columns and the details pane (dissectPacket) LAN Lens makes of the same file.
import { dissectPacket } from '../../src/helper/decode/dissect/dissectPacket';
import { packetColumns } from '../../src/helper/decode/summary/packetColumns';
import { detailValues, mapDecodedPackets, tsharkFieldRows } from './tsharkOracle';

/** One packet's link layer as either side sees it. */
export interface LinkView {
  protocol: string;
  info: string;
  /** tshark field → value (several occurrences joined with '|') */
  fields: Record<string, string>;
}

/** How a value of our details pane is written as tshark writes the field. */
type Form = 'text' | 'number' | 'paren' | 'hexText';

// tshark field → [our layer, our field, form]. Only fields our details pane shows are compared.
const FIELDS: Record<string, [string, string, Form]> = {
  'nflog.family': ['nflog', 'Family', 'paren'],
  'nflog.res_id': ['nflog', 'Resource id', 'text'],
  'nflog.protocol': ['nflog', 'Hardware protocol', 'text'],
  'nflog.hook': ['nflog', 'Netfilter hook', 'paren'],
  'nflog.ifindex_indev': ['nflog', 'Input interface index', 'text'],
  'nflog.prefix': ['nflog', 'Prefix', 'text'],
  'nflog.uid': ['nflog', 'UID', 'text'],
  'nflog.gid': ['nflog', 'GID', 'text'],
  'radiotap.length': ['radiotap', 'Header length', 'text'],
  'radiotap.flags': ['radiotap', 'Flags', 'text'],
  'radiotap.mactime': ['radiotap', 'MAC timestamp', 'text'],
  'radiotap.datarate': ['radiotap', 'Data rate', 'number'],
  'radiotap.channel.freq': ['radiotap', 'Channel frequency', 'number'],
  'radiotap.dbm_antsignal': ['radiotap', 'Antenna signal', 'number'],
  'radiotap.dbm_antnoise': ['radiotap', 'Antenna noise', 'number'],
  'radiotap.antenna': ['radiotap', 'Antenna', 'text'],
  'wlan_radio.data_rate': ['wlan_radio', 'Data rate', 'number'],
  'wlan_radio.channel': ['wlan_radio', 'Channel', 'text'],
  'wlan_radio.frequency': ['wlan_radio', 'Frequency', 'number'],
  'wlan_radio.signal_dbm': ['wlan_radio', 'Signal strength', 'number'],
  'wlan_radio.noise_dbm': ['wlan_radio', 'Noise level', 'number'],
  'wlan.fc.type_subtype': ['wlan', 'Type/Subtype', 'paren'],
  'wlan.ra': ['wlan', 'Receiver address', 'text'],
  'wlan.ta': ['wlan', 'Transmitter address', 'text'],
  'wlan.sa': ['wlan', 'Source address', 'text'],
  'wlan.da': ['wlan', 'Destination address', 'text'],
  'wlan.bssid': ['wlan', 'BSS Id', 'text'],
  'wlan.seq': ['wlan', 'Sequence number', 'text'],
  'wlan.frag': ['wlan', 'Fragment number', 'text'],
  'wlan.ssid': ['wlan.mgt', 'SSID', 'hexText'],
  'wlan.fixed.beacon': ['wlan.mgt', 'Beacon interval', 'text'],
  'wlan.fixed.capabilities': ['wlan.mgt', 'Capabilities information', 'text'],
  'wlan.ds.current_channel': ['wlan.mgt', 'Current channel', 'text'],
  'pktap.hdrlen': ['pktap', 'Header length', 'text'],
  'pktap.rectype': ['pktap', 'Record type', 'text'],
  'pktap.dlt': ['pktap', 'DLT', 'text'],
  'pktap.ifname': ['pktap', 'Interface name', 'text'],
  'pktap.pfamily': ['pktap', 'Protocol family', 'text'],
  'pktap.llhdrlen': ['pktap', 'Link-layer header length', 'text'],
  'pktap.pid': ['pktap', 'Process ID', 'text'],
  'pktap.cmdname': ['pktap', 'Command name', 'text'],
  'pktap.iftype': ['pktap', 'Interface type', 'text'],
  'pktap.epid': ['pktap', 'Effective process ID', 'text'],
  'pktap.ecmdname': ['pktap', 'Effective command name', 'text'],
};
const KEYS = Object.keys(FIELDS);

/** tshark's columns and link fields of every packet in `file`. */
export function tsharkLinkView(file: string): LinkView[] {
  const args = ['-r', file, '-n', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=|'];
  args.push('-e', '_ws.col.Protocol', '-e', '_ws.col.Info', ...KEYS.flatMap((key) => ['-e', key]));
  return tsharkFieldRows(args).map(([protocol = '', info = '', ...values]) => {
    const fields: Record<string, string> = {};
    KEYS.forEach((key, i) => {
      if (values[i]) fields[key] = values[i];
    });
    return { protocol, info: info.trim(), fields };
  });
}

/** Our columns and the same fields read off our details pane, for every packet in `file`. */
export function ourLinkView(file: string): LinkView[] {
  return mapDecodedPackets(file, (packet, app) => {
    const layers = dissectPacket(packet, app);
    const fields: Record<string, string> = {};
    for (const key of KEYS) {
      const [layerName, fieldName, form] = FIELDS[key];
      const values = detailValues(layers, layerName, fieldName)
        .map((value) => asTshark(value, form))
        .filter((value) => value !== '');
      if (values.length) fields[key] = values.join('|');
    }
    const { protocol, info } = packetColumns(packet, app);
    return { protocol, info, fields };
  });
}

/** Only the fields both sides have: tshark derives roles (wlan.ra, wlan.sa…) our pane does not list for every frame. */
export function sharedFields(ours: LinkView, theirs: LinkView): [Record<string, string>, Record<string, string>] {
  const keys = Object.keys(ours.fields);
  return [ours.fields, Object.fromEntries(keys.map((key) => [key, theirs.fields[key] ?? '(absent)']))];
}

function asTshark(value: string, form: Form): string {
  if (form === 'number') return /^-?[\d.]+/.exec(value)?.[0] ?? value;
  if (form === 'paren') {
    const inner = /\(([^)]*)\)$/.exec(value)?.[1] ?? value;
    return inner;
  }
  // tshark shows the SSID's bytes; the wildcard (empty) SSID as missing.
  if (form === 'hexText') return value === 'Wildcard (Broadcast)' ? '<MISSING>' : Buffer.from(value).toString('hex');
  return value;
}
