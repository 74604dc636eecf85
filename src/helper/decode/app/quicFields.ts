import type { FieldGroup, FieldKind } from './appDissector';
import { TlsFields } from './tlsFields';

/** A QUIC packet's invariant header, and the ClientHello a decrypted client Initial carries. */
export class QuicFields implements FieldGroup {
  /** long header packet (short headers carry no version) */
  longHeader = false;
  version = 0;
  /** long packet type: 0 Initial, 1 0-RTT, 2 Handshake, 3 Retry (version 1 numbering; v2 is mapped), -1 none */
  packetType = -1;
  dcidOffset = -1;
  dcidLength = 0;
  scidOffset = -1;
  scidLength = 0;
  /** the client Initial was decrypted (RFC 9001 initial keys) and its CRYPTO frames read */
  decrypted = false;
  /** what the CRYPTO frames of a decrypted Initial hold: the TLS ClientHello */
  readonly hello = new TlsFields();

  reset(): void {
    this.longHeader = false;
    this.version = 0;
    this.packetType = -1;
    this.dcidOffset = -1;
    this.dcidLength = 0;
    this.scidOffset = -1;
    this.scidLength = 0;
    this.decrypted = false;
    this.hello.reset();
  }
}

/** QUIC's field group (`app.fields.quic`). */
export const QUIC_FIELDS: FieldKind<'quic', QuicFields> = { key: 'quic', create: () => new QuicFields() };
