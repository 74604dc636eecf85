import { macAt } from '../decode/addressText';
import type { AppInfo } from '../decode/app/appInfo';
import { AppProtocol } from '../decode/app/appRegistry';
import { capabilityNames } from '../decode/app/neighbourFields';
import type { NeighbourFields } from '../decode/app/neighbourFields';
import { CDP_CAPABILITIES } from '../decode/app/cdp';
import { LLDP_CAPABILITIES } from '../decode/app/lldp';
import type { DecodedPacket } from '../decode/packet';
import type { LinkNeighbour } from '../../shared/model/traffic';
import { neighbourKey } from '../../shared/traffic/trafficState';

/** What LLDP calls each chassis and port id subtype (IEEE 802.1AB tables 8-2 and 8-3). */
const CHASSIS_ID_TYPES = [
  '',
  'chassis-component',
  'interface-alias',
  'port-component',
  'mac',
  'network-address',
  'interface-name',
  'locally-assigned',
];
const PORT_ID_TYPES = [
  '',
  'interface-alias',
  'port-component',
  'mac',
  'network-address',
  'interface-name',
  'agent-circuit-id',
  'locally-assigned',
];

/**
 * The devices that announced themselves with LLDP or CDP, one row per protocol, chassis and port
 * (the key receivers use too: `neighbourKey`). Announcements come every 30 s or so per neighbour,
 * so a row is an object built per announcement; other packets cost one comparison. Bounded: past
 * `maxRows` the least recently heard row goes, and is counted.
 */
export class NeighbourTable {
  /** rows by key, least recently heard first (a row heard again moves to the end) */
  private rows = new Map<string, LinkNeighbour>();
  private changed = new Set<string>();
  evicted = 0;

  constructor(
    private readonly maxRows: number,
    /** the interface (or file) the packets come from */
    private readonly interfaceName: string,
  ) {}

  /** Notes the announcement in `app` (decodeApp's record of `packet`), if it is LLDP or CDP. */
  add(packet: DecodedPacket, app: AppInfo, time: number): void {
    const protocol = app.protocol === AppProtocol.lldp ? 'lldp' : app.protocol === AppProtocol.cdp ? 'cdp' : undefined;
    if (!protocol) return;
    const fields = app.fields.neighbour;
    // Nothing names the device: a cut or hostile announcement is not a neighbour.
    if (fields.chassisIdOffset < 0 && fields.portIdOffset < 0) return;
    const row = neighbourRow(protocol, fields, this.interfaceName, time);
    if (packet.srcMacOffset >= 0) row.sourceMac = macAt(packet.data, packet.srcMacOffset);
    this.upsert(row);
  }

  /** every row, least recently heard first */
  all(): LinkNeighbour[] {
    return [...this.rows.values()];
  }

  /** rows new or heard again since the previous call */
  takeChanged(): LinkNeighbour[] {
    const rows: LinkNeighbour[] = [];
    for (const key of this.changed) {
      const row = this.rows.get(key);
      if (row) rows.push(row);
    }
    this.changed.clear();
    return rows;
  }

  /** the table as plain data, to move to another thread (see `absorb`) */
  segment(): NeighbourSegment {
    return { rows: this.all(), evicted: this.evicted };
  }

  /** folds in the neighbours heard in the part of the capture that came after this table's */
  absorb(part: NeighbourSegment): void {
    this.evicted += part.evicted;
    for (const row of part.rows) this.upsert(row);
  }

  private upsert(fresh: LinkNeighbour): void {
    const key = neighbourKey(fresh);
    const held = this.rows.get(key);
    let row = fresh;
    if (held) {
      // What the new announcement leaves out stands (a shutdown LLDPDU carries only ids and TTL 0).
      row = { ...held, ...fresh, firstSeen: Math.min(held.firstSeen, fresh.firstSeen) };
      if (fresh.managementAddresses.length === 0) row.managementAddresses = held.managementAddresses;
      this.rows.delete(key);
    }
    this.rows.set(key, row);
    this.changed.add(key);
    for (const [oldest] of this.rows) {
      if (this.rows.size <= this.maxRows) break;
      this.rows.delete(oldest);
      this.changed.delete(oldest);
      this.evicted++;
    }
  }
}

/** Neighbours as plain data (see `NeighbourTable.segment`). */
export interface NeighbourSegment {
  rows: LinkNeighbour[];
  evicted: number;
}

/** One announcement as a row; strings stay raw (hostile: the views escape them). */
function neighbourRow(
  protocol: 'lldp' | 'cdp',
  fields: NeighbourFields,
  interfaceName: string,
  time: number,
): LinkNeighbour {
  const names = protocol === 'lldp' ? LLDP_CAPABILITIES : CDP_CAPABILITIES;
  const row: LinkNeighbour = {
    protocol,
    chassisId: fields.chassisId,
    portId: fields.portId,
    managementAddresses: fields.addresses.slice(0, fields.addressCount),
    interface: interfaceName,
    ttl: Math.max(0, fields.ttl),
    firstSeen: time,
    lastSeen: time,
  };
  const optional: Partial<LinkNeighbour> = {
    chassisIdType: CHASSIS_ID_TYPES[fields.chassisSubtype] || undefined,
    portIdType: PORT_ID_TYPES[fields.portSubtype] || undefined,
    portDescription: fields.portDescription || undefined,
    systemName: fields.systemName || undefined,
    systemDescription: fields.systemDescription || undefined,
    platform: fields.platform || undefined,
    capabilities: fields.capabilities >= 0 ? capabilityNames(fields.capabilities, names) : undefined,
    enabledCapabilities:
      fields.enabledCapabilities >= 0 ? capabilityNames(fields.enabledCapabilities, names) : undefined,
    vlan: fields.vlan || undefined,
    duplex: fields.duplex < 0 ? undefined : fields.duplex ? 'full' : 'half',
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) (row as unknown as Record<string, unknown>)[key] = value;
  }
  return row;
}
