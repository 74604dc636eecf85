import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessOs, initialTtl } from '../../../../src/helper/identify/os/guessOs';
import type { OsEvidence } from '../../../../src/helper/identify/os/osEvidence';

describe('initial TTL buckets', () => {
  for (const [seen, initial] of [
    [64, 64],
    [63, 64],
    [33, 64],
    [128, 128],
    [120, 128],
    [255, 255],
    [240, 255],
    [30, 32],
  ]) {
    it(`${seen} → ${initial}`, () => assert.equal(initialTtl(seen), initial));
  }
});

describe('OS and device-kind guesses', () => {
  const cases: {
    what: string;
    evidence: OsEvidence;
    family: string;
    kind: string;
    minConfidence?: number;
    clue?: RegExp;
  }[] = [
    {
      what: 'a Debian server: Linux SYN-ACK, SSH banner',
      evidence: {
        tcp: { ttl: 64, window: 65160, options: ['MSS', 'SACK', 'TS', 'NOP', 'WS'], mss: 1460, windowScale: 7 },
        openTcpPorts: [22, 80, 6379],
        services: [
          {
            name: 'ssh',
            product: 'OpenSSH',
            version: '9.2p1 Debian 2+deb12u3',
            osHint: 'Linux',
            method: 'banner',
            confidence: 1,
          },
        ],
      },
      family: 'Linux',
      kind: 'server',
      minConfidence: 0.6,
      clue: /Debian/,
    },
    {
      what: 'a Windows PC: TTL 128, RPC and SMB, RDP',
      evidence: { ttl: 127, openTcpPorts: [135, 139, 445, 3389], names: ['DESKTOP-4QK2J7M'] },
      family: 'Windows',
      kind: 'computer',
      minConfidence: 0.8,
      clue: /135 and 445/,
    },
    {
      what: 'an iPhone: the sync port',
      evidence: { ttl: 64, openTcpPorts: [62078], mac: 'f0:99:bf:00:00:01' },
      family: 'iOS',
      kind: 'phone',
      clue: /62078/,
    },
    {
      what: 'a printer: JetDirect, IPP and a LaserJet page',
      evidence: {
        ttl: 64,
        openTcpPorts: [80, 443, 631, 9100],
        services: [{ name: 'http', method: 'probe', confidence: 1, http: { title: 'HP LaserJet MFP M428fdw' } }],
      },
      family: 'Linux',
      kind: 'printer',
      clue: /9100/,
    },
    {
      what: 'a MikroTik router by its Winbox port and SSH',
      evidence: {
        ttl: 64,
        openTcpPorts: [22, 8291],
        services: [{ name: 'ssh', product: 'MikroTik RouterOS sshd', method: 'banner', confidence: 1 }],
      },
      family: 'RouterOS',
      kind: 'router',
    },
    {
      what: 'a camera by RTSP and its vendor',
      evidence: { ttl: 64, openTcpPorts: [80, 554], vendor: 'Hangzhou Hikvision Digital Technology Co.,Ltd.' },
      family: 'Linux',
      kind: 'camera',
    },
    {
      what: 'a Chromecast',
      evidence: { ttl: 64, openTcpPorts: [8008, 8009, 8443] },
      family: 'Linux',
      kind: 'tv',
    },
    {
      what: 'a virtual machine by its QEMU MAC',
      evidence: { ttl: 64, openTcpPorts: [22], mac: '52:54:00:12:34:56' },
      family: 'Linux',
      kind: 'virtual-machine',
    },
    {
      what: 'a Samba file server that answers NetBIOS is not Windows',
      evidence: {
        tcp: { ttl: 64, options: ['MSS', 'SACK', 'TS', 'NOP', 'WS'] },
        openTcpPorts: [139, 445],
        netbios: true,
        services: [{ name: 'netbios-ssn', product: 'Samba smbd', method: 'probe', confidence: 1 }],
      },
      family: 'Linux',
      kind: 'nas',
      clue: /Samba/,
    },
    { what: 'nothing known', evidence: {}, family: 'unknown', kind: 'unknown' },
  ];
  for (const { what, evidence, family, kind, minConfidence, clue } of cases) {
    it(what, () => {
      const guess = guessOs(evidence);
      assert.equal(guess.family, family, JSON.stringify(guess));
      assert.equal(guess.kind, kind, JSON.stringify(guess));
      assert.ok(guess.confidence >= 0 && guess.confidence <= 0.97);
      if (minConfidence !== undefined) assert.ok(guess.confidence >= minConfidence, JSON.stringify(guess));
      if (clue)
        assert.ok(
          guess.evidence.some((phrase) => clue.test(phrase)),
          JSON.stringify(guess.evidence),
        );
    });
  }

  it('is less sure on TTL alone than with the SYN-ACK and a banner', () => {
    const ttlOnly = guessOs({ ttl: 64 });
    const more = guessOs({ tcp: { ttl: 64, options: ['MSS', 'SACK', 'TS', 'NOP', 'WS'] }, openTcpPorts: [22] });
    assert.equal(ttlOnly.family, 'Linux');
    assert.ok(ttlOnly.confidence < more.confidence);
    assert.ok(ttlOnly.evidence.includes('TTL 64'));
  });

  it('cuts hostile names short in its evidence', () => {
    const guess = guessOs({ names: [`iphone-${'x'.repeat(500)}`] });
    assert.ok(guess.evidence.every((phrase) => phrase.length < 100));
  });
});
