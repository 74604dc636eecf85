// Self-signed certificates for the lab's TLS servers (HTTPS, SMTP STARTTLS, openssl s_server),
// made by openssl at run time and never committed.
import { runOk } from './exec';

/** What certificate to make. */
export interface CertificateSpec {
  /** where the private key and the certificate go (PEM) */
  key: string;
  cert: string;
  commonName: string;
  /** subjectAltName entries, e.g. `DNS:nas.lab`, `IP:10.0.0.2` (none by default) */
  altNames?: string[];
  /** an RSA 2048 key where a client wants one; an EC P-256 key by default */
  rsa?: boolean;
  days?: number;
}

/** Writes a self-signed certificate and its key. */
export async function selfSignedCertificate(spec: CertificateSpec): Promise<void> {
  const key = spec.rsa ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  const alt = spec.altNames?.length ? ['-addext', `subjectAltName=${spec.altNames.join(',')}`] : [];
  await runOk('openssl', [
    ...['req', '-x509', ...key, '-nodes', '-days', String(spec.days ?? 1)],
    ...['-subj', `/CN=${spec.commonName}`, ...alt, '-keyout', spec.key, '-out', spec.cert],
  ]);
}
