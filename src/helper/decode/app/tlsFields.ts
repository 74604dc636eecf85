import type { FieldGroup, FieldKind } from './appDissector';

/** TLS record content types (RFC 8446 section 5.1). */
export const TlsContentType = {
  ChangeCipherSpec: 20,
  Alert: 21,
  Handshake: 22,
  ApplicationData: 23,
  Heartbeat: 24,
} as const;

/** Handshake message types this decoder reads (RFC 8446 section 4). */
export const TlsHandshakeType = { ClientHello: 1, ServerHello: 2 } as const;

/** `TlsFields.messages` entry for a record that is not a (readable) handshake message. */
export const NO_HANDSHAKE = 0xff;
/** Most TLS records (or handshake messages) listed per segment. */
export const MAX_TLS_MESSAGES = 16;
/** Most supported_versions entries kept. */
export const MAX_TLS_VERSIONS = 16;

/** The records of a TLS segment and what its hellos say (also the ClientHello inside a QUIC Initial). */
export class TlsFields implements FieldGroup {
  /** TLS records (or, within a handshake record, handshake messages) in this segment, in order:
   * content type << 8 | handshake type (handshake type 0xff when encrypted or not a handshake) */
  messageCount = 0;
  readonly messages = new Uint16Array(MAX_TLS_MESSAGES);
  /** version in the first record header (0x0303 = TLS 1.2) */
  recordVersion = 0;
  /** the hello's legacy_version */
  helloVersion = 0;
  /** ClientHello: supported_versions as offered, in order (GREASE values included) */
  supportedVersionCount = 0;
  readonly supportedVersions = new Uint16Array(MAX_TLS_VERSIONS);
  /** ServerHello: the version chosen (supported_versions, else legacy_version) */
  selectedVersion = 0;
  /** ServerHello: cipher suite chosen */
  cipherSuite = 0;
  /** ClientHello server_name (hostile) */
  sni = '';
  /** ALPN protocols, comma-separated as tshark prints them (ClientHello: offered, ServerHello: chosen) */
  alpn = '';
  /** a ClientHello was seen */
  clientHello = false;
  serverHello = false;

  reset(): void {
    this.messageCount = 0;
    this.recordVersion = 0;
    this.helloVersion = 0;
    this.supportedVersionCount = 0;
    this.selectedVersion = 0;
    this.cipherSuite = 0;
    this.sni = '';
    this.alpn = '';
    this.clientHello = false;
    this.serverHello = false;
  }
}

/** TLS's field group (`app.fields.tls`). */
export const TLS_FIELDS: FieldKind<'tls', TlsFields> = { key: 'tls', create: () => new TlsFields() };
