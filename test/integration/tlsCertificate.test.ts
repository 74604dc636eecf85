// The TLS certificate fields the service identification reports, against what `openssl x509` reads
// from the same certificate. Needs openssl. Moved from test/unit/helper/identify/identifyData.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { certificateInfo } from '../../src/helper/identify/services/protocols/tls';

describe('TLS certificate fields', () => {
  const pem = path.join(__dirname, '..', 'fixtures', 'identify', 'selfSigned.pem');
  const info = certificateInfo(new X509Certificate(readFileSync(pem)), 'TLSv1.3', 'http/1.1');

  it('equal what openssl x509 reads from the same certificate', () => {
    const openssl = spawnSync(
      'openssl',
      ['x509', '-in', pem, '-noout', '-fingerprint', '-sha256', '-startdate', '-enddate', '-ext', 'subjectAltName'],
      {
        encoding: 'utf8',
      },
    );
    assert.equal(openssl.status, 0, openssl.stderr);
    const field = (name: string) => new RegExp(`${name}=(.*)`).exec(openssl.stdout)![1].trim();
    assert.equal(info.fingerprint256, field('sha256 Fingerprint'));
    assert.equal(info.notBefore, Date.parse(field('notBefore')));
    assert.equal(info.notAfter, Date.parse(field('notAfter')));
    const sans = openssl.stdout.split('X509v3 Subject Alternative Name:')[1].trim().split(/,\s*/);
    assert.deepEqual(info.subjectAltNames, sans);
  });
});
