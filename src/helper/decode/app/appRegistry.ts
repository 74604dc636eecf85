// The application-protocol modules, after Wireshark's dissector tables. Adding a protocol is one
// module (see appDissector.ts and docs/addingADecoder.md) and one line in APP_DISSECTORS; its
// ports, content tests, field group, id, name and columns all come from there.
import type { AppDissector, FieldGroup, FieldKind } from './appDissector';
import { cdp } from './cdp';
import { dhcp } from './dhcp';
import { dns, llmnr, mdns } from './dns';
import { ftp } from './ftp';
import { http } from './http';
import { lldp } from './lldp';
import { nbns } from './nbns';
import { ntp } from './ntp';
import { quic } from './quic';
import { smtp } from './smtp';
import { ssdp } from './ssdp';
import { ssh } from './ssh';
import { tls } from './tls';

/**
 * Every application-protocol module, in priority order: where content tests of the same kind
 * could both claim a payload, the earlier module's runs first (TCP: TLS, SSH, then HTTP; UDP on
 * unregistered ports: DHCP, QUIC, SSDP, then DNS). Order among ports does not matter: a port has one owner.
 */
export const APP_DISSECTORS = [
  tls,
  ssh,
  http,
  dhcp,
  quic,
  ssdp,
  dns,
  mdns,
  llmnr,
  nbns,
  ftp,
  smtp,
  ntp,
  lldp,
  cdp,
] as const;

type Registered = (typeof APP_DISSECTORS)[number];
/** The registered protocols' names, as tshark spells them ('dns', 'tls'…). */
export type AppName = Registered['name'];
/** Every field group by its key, typed (`app.fields.dns.queryName`). */
export type AppFieldGroups = { readonly [D in Registered as D['fields']['key']]: ReturnType<D['fields']['create']> };

/** The first module's id: 0 is no payload, 1 a payload nobody claims (`data`). */
const FIRST_ID = 2;
const ids: Record<string, number> = { None: 0, Data: 1 };
APP_DISSECTORS.forEach((dissector, index) => {
  if (dissector.name in ids) throw new Error(`application protocol ${dissector.name} is registered twice`);
  ids[dissector.name] = FIRST_ID + index;
});
/** Application protocol ids (small integers, `AppStatus.protocol`): None, Data, then each module's by name. */
export const AppProtocol = ids as { readonly None: 0; readonly Data: 1 } & { readonly [N in AppName]: number };
/** An application protocol id. */
export type AppProtocol = number;
/** Ids fit below this (port tables keep a flag in the high bit; the protocol hierarchy packs ids in 7 bits). */
export const APP_ID_LIMIT = 60;
if (FIRST_ID + APP_DISSECTORS.length > APP_ID_LIMIT) throw new Error('too many application protocols for their ids');

/** Names exactly as Wireshark's `frame.protocols` and `-z io,phs` spell them, by id ('' for None). */
export const APP_PROTOCOL_NAMES: readonly string[] = ['', 'data', ...APP_DISSECTORS.map((d) => d.name)];

/** The module of a protocol id, or undefined for None and Data. */
export function appDissectorOf(protocol: AppProtocol): AppDissector | undefined {
  return protocol >= FIRST_ID ? APP_DISSECTORS[protocol - FIRST_ID] : undefined;
}

/** The distinct field groups, in slot order (protocols sharing a format share a slot). */
export const FIELD_KINDS: readonly FieldKind<string, FieldGroup>[] = [];
/** The slot of each protocol id's field group in `FIELD_KINDS` (and `AppInfo.groups`), -1 for None and Data. */
export const GROUP_SLOT = new Int8Array(FIRST_ID + APP_DISSECTORS.length).fill(-1);
for (const dissector of APP_DISSECTORS) {
  const kind: FieldKind<string, FieldGroup> = dissector.fields;
  let slot = FIELD_KINDS.findIndex((known) => known.key === kind.key);
  if (slot >= 0 && FIELD_KINDS[slot] !== kind) throw new Error(`two field groups are keyed ${kind.key}`);
  if (slot < 0) slot = (FIELD_KINDS as FieldKind<string, FieldGroup>[]).push(kind) - 1;
  GROUP_SLOT[AppProtocol[dissector.name]] = slot;
}
