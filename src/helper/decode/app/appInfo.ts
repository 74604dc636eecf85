import { AppStatus } from './appDissector';
import type { FieldGroup } from './appDissector';
import { FIELD_KINDS, GROUP_SLOT } from './appRegistry';
import type { AppFieldGroups } from './appRegistry';

/**
 * What the application layer of one packet says: the status every decoder reports (protocol,
 * truncated, malformed, byContent, serverName) and one reusable field group per protocol format
 * (`fields.dns`, `fields.tls`…). Like `DecodedPacket`, one instance is reused for every packet:
 * numbers and byte offsets (into `DecodedPacket.data`) cost nothing, and strings are made only for
 * fields a decoder actually found, so bulk data allocates nothing.
 */
export class AppInfo extends AppStatus {
  /** the field groups by slot (`GROUP_SLOT`), for the decoders' dispatch */
  readonly groups: readonly FieldGroup[];
  /** the same groups by key, typed: `app.fields.dns.queryName` */
  readonly fields: AppFieldGroups;

  constructor() {
    super();
    const groups = FIELD_KINDS.map((kind) => kind.create());
    this.groups = groups;
    this.fields = Object.fromEntries(FIELD_KINDS.map((kind, slot) => [kind.key, groups[slot]])) as AppFieldGroups;
  }

  /** the field group the packet's protocol filled, or undefined for None and Data */
  protocolFields(): FieldGroup | undefined {
    const slot = GROUP_SLOT[this.protocol]!;
    return slot >= 0 ? this.groups[slot] : undefined;
  }

  /**
   * Clears the record before the next packet. Only the group the last packet's protocol filled is
   * cleared (decoders write nothing outside their group but the status), which keeps the
   * per-packet cost to a handful of stores; `resetAll` clears everything.
   */
  reset(): void {
    const slot = GROUP_SLOT[this.protocol]!;
    if (slot >= 0) this.groups[slot]!.reset();
    this.clearStatus();
  }

  /** clears every field, whatever filled them */
  resetAll(): void {
    for (const group of this.groups) group.reset();
    this.clearStatus();
  }

  private clearStatus(): void {
    this.protocol = 0;
    this.truncated = false;
    this.malformed = false;
    this.byContent = false;
    this.serverName = '';
  }
}
