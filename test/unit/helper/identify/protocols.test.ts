import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAnswer, probes } from '../../../../src/helper/identify/services/probes';
import { encodeBson, readBsonFields } from '../../../../src/helper/identify/services/protocols/bson';
import { parseFtpGreeting } from '../../../../src/helper/identify/services/protocols/ftp';
import { parseHttpAnswer } from '../../../../src/helper/identify/services/protocols/http';
import { parseImapGreeting } from '../../../../src/helper/identify/services/protocols/imap';
import { parseMongoAnswer } from '../../../../src/helper/identify/services/protocols/mongodb';
import { parseMqttAnswer } from '../../../../src/helper/identify/services/protocols/mqtt';
import { parseMysqlGreeting } from '../../../../src/helper/identify/services/protocols/mysql';
import { parsePop3Greeting } from '../../../../src/helper/identify/services/protocols/pop3';
import { parsePostgresAnswer } from '../../../../src/helper/identify/services/protocols/postgres';
import { parseRdpAnswer } from '../../../../src/helper/identify/services/protocols/rdp';
import { parseRedisAnswer } from '../../../../src/helper/identify/services/protocols/redis';
import { parseSmbAnswer } from '../../../../src/helper/identify/services/protocols/smb';
import { parseSmtpGreeting } from '../../../../src/helper/identify/services/protocols/smtp';
import { parseSshBanner } from '../../../../src/helper/identify/services/protocols/ssh';
import { parseVncGreeting } from '../../../../src/helper/identify/services/protocols/vnc';
import type { ServiceMatch } from '../../../../src/helper/identify/services/serviceProbe';

const text = (value: string) => Buffer.from(value, 'latin1');

/** Only the fields a case names are compared, so each case says what it is about. */
function assertMatch(actual: ServiceMatch | undefined, expected: Partial<ServiceMatch> | undefined): void {
  if (expected === undefined) return assert.equal(actual, undefined);
  assert.ok(actual, 'no match');
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key as keyof ServiceMatch]]));
  assert.deepEqual(picked, expected);
}

describe('SSH identification strings', () => {
  const cases: [string, Partial<ServiceMatch> | undefined][] = [
    [
      'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n',
      {
        name: 'ssh',
        product: 'OpenSSH',
        version: '9.2p1 Debian 2+deb12u3',
        extraInfo: 'protocol 2.0',
        osHint: 'Linux',
      },
    ],
    [
      'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n',
      { product: 'OpenSSH', version: '8.9p1 Ubuntu 3ubuntu0.6', extraInfo: 'Ubuntu Linux; protocol 2.0' },
    ],
    ['SSH-2.0-OpenSSH_9.6\r\n', { product: 'OpenSSH', version: '9.6', extraInfo: 'protocol 2.0' }],
    [
      'SSH-2.0-OpenSSH_9.3 FreeBSD-20230316\r\n',
      { version: '9.3', extraInfo: 'FreeBSD 20230316; protocol 2.0', osHint: 'FreeBSD' },
    ],
    ['SSH-2.0-dropbear_2022.83\r\n', { product: 'Dropbear sshd', version: '2022.83', osHint: 'Linux' }],
    ['SSH-1.99-Cisco-1.25\n', { product: 'Cisco SSH', extraInfo: 'protocol 1.99' }],
    ['SSH-2.0-ROSSSH\r\n', { product: 'MikroTik RouterOS sshd' }],
    ['SSH-2.0-SomethingElse_1\r\n', { name: 'ssh', product: 'SomethingElse 1' }],
    ['HTTP/1.1 200 OK\r\n', undefined],
    ['SSH-2.0-\x1b[31mevil\x07\r\n', { name: 'ssh' }],
  ];
  for (const [banner, expected] of cases) {
    it(JSON.stringify(banner), () => assertMatch(parseSshBanner(text(banner)), expected));
  }
  it('keeps no control character from a hostile product', () => {
    const match = parseSshBanner(text('SSH-2.0-\x1b[31mevil\x07\r\n'))!;
    assert.doesNotMatch(match.product ?? '', /[\u0000-\u001f]/);
  });
});

describe('FTP, SMTP, POP3 and IMAP greetings', () => {
  it('vsftpd', () =>
    assertMatch(parseFtpGreeting(text('220 (vsFTPd 3.0.3)\r\n'), 21), {
      name: 'ftp',
      product: 'vsftpd',
      version: '3.0.3',
    }));
  it('pyftpdlib', () =>
    assertMatch(parseFtpGreeting(text('220 pyftpdlib 1.5.7 ready.\r\n'), 2121), {
      product: 'pyftpdlib',
      version: '1.5.7',
    }));
  it('ProFTPD', () =>
    assertMatch(parseFtpGreeting(text('220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.1]\r\n'), 21), {
      product: 'ProFTPD',
      version: '1.3.8',
    }));
  it('a bare 220 is FTP only on an FTP port', () => {
    assertMatch(parseFtpGreeting(text('220 Welcome\r\n'), 21), { name: 'ftp', confidence: 0.7 });
    assert.equal(parseFtpGreeting(text('220 Welcome\r\n'), 25), undefined);
  });
  it('an SMTP greeting is not FTP', () =>
    assert.equal(parseFtpGreeting(text('220 mx.example ESMTP Postfix\r\n'), 21), undefined));
  it('Postfix', () =>
    assertMatch(parseSmtpGreeting(text('220 mail.example.org ESMTP Postfix (Debian/GNU)\r\n'), 25), {
      name: 'smtp',
      product: 'Postfix smtpd',
      hostName: 'mail.example.org',
    }));
  it('Exim', () =>
    assertMatch(parseSmtpGreeting(text('220 mx.example.net ESMTP Exim 4.96 Sat, 21 Nov 2026 20:00:00 +0000\r\n'), 25), {
      product: 'Exim smtpd',
      version: '4.96',
    }));
  it("Python's smtpd", () =>
    assertMatch(parseSmtpGreeting(text('220 lab Python SMTP proxy version 0.3\r\n'), 2525), {
      name: 'smtp-proxy',
      product: 'Python SMTP Proxy',
      version: '0.3',
    }));
  it('an FTP greeting is not SMTP', () =>
    assert.equal(parseSmtpGreeting(text('220 (vsFTPd 3.0.3)\r\n'), 25), undefined));
  it('POP3', () => {
    assertMatch(parsePop3Greeting(text('+OK Dovecot (Debian) ready.\r\n')), {
      name: 'pop3',
      product: 'Dovecot pop3d',
      extraInfo: 'Debian',
    });
    assertMatch(parsePop3Greeting(text('+OK hello\r\n')), { name: 'pop3', confidence: 0.8 });
    assert.equal(parsePop3Greeting(text('+OKAY\r\n')), undefined);
  });
  it('IMAP', () => {
    assertMatch(
      parseImapGreeting(text('* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE] Dovecot ready.\r\n')),
      {
        name: 'imap',
        product: 'Dovecot imapd',
      },
    );
    assertMatch(parseImapGreeting(text('* OK IMAP server ready\r\n')), { name: 'imap', confidence: 0.8 });
    assert.equal(parseImapGreeting(text('* NOPE\r\n')), undefined);
  });
});

describe('HTTP answers', () => {
  it('reads status, server, location and a title with entities', () => {
    const answer = text(
      'HTTP/1.1 301 Moved Permanently\r\nServer: nginx/1.22.1\r\nLocation: https://router.lan/\r\n\r\n<html><head><title>Router &amp; Co &#8211; Login</title></head></html>',
    );
    assertMatch(parseHttpAnswer(answer), {
      name: 'http',
      product: 'nginx',
      version: '1.22.1',
      http: { status: 301, server: 'nginx/1.22.1', location: 'https://router.lan/', title: 'Router & Co – Login' },
    });
  });
  const servers: [string, Partial<ServiceMatch>][] = [
    ['SimpleHTTP/0.6 Python/3.11.2', { product: 'SimpleHTTPServer', version: '0.6', extraInfo: 'Python 3.11.2' }],
    ['Apache/2.4.62 (Debian)', { product: 'Apache httpd', version: '2.4.62', extraInfo: 'Debian', osHint: 'Linux' }],
    ['Microsoft-IIS/10.0', { product: 'Microsoft IIS httpd', version: '10.0', osHint: 'Windows' }],
    ['lighttpd/1.4.69', { product: 'lighttpd', version: '1.4.69' }],
    ['nginx', { product: 'nginx' }],
    ['CUPS/2.4 IPP/2.1', { product: 'CUPS', version: '2.4' }],
    ['Acme-Widget/3.1b', { product: 'Acme-Widget', version: '3.1b' }],
  ];
  for (const [server, expected] of servers) {
    it(`Server: ${server}`, () =>
      assertMatch(parseHttpAnswer(text(`HTTP/1.0 200 OK\r\nServer: ${server}\r\n\r\n`)), expected));
  }
  it("openssl s_server -www's page", () =>
    assertMatch(
      parseHttpAnswer(
        text(
          'HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n<HTML><BODY BGCOLOR="#ffffff">\n<pre>\n\ns_server -accept 443 -www \nSecure Renegotiation IS supported\n',
        ),
      ),
      { product: 'OpenSSL s_server -www httpd', extraInfo: 'command line: s_server -accept 443 -www' },
    ));
  it("Node's bare answer", () =>
    assertMatch(
      parseHttpAnswer(text('HTTP/1.1 200 OK\r\nDate: Sat, 21 Nov 2026 20:00:00 GMT\r\nConnection: close\r\n\r\n')),
      { product: 'Node.js' },
    ));
  it('RTSP', () => assertMatch(parseHttpAnswer(text('RTSP/1.0 400 Bad Request\r\nCSeq: 0\r\n\r\n')), { name: 'rtsp' }));
  it('asks for TLS when told the port speaks it', () =>
    assertMatch(
      parseHttpAnswer(
        text(
          'HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n<title>400 The plain HTTP request was sent to HTTPS port</title>',
        ),
      ),
      { refineWith: 'tls' },
    ));
  it('keeps hostile titles printable and short', () => {
    const match = parseHttpAnswer(text(`HTTP/1.1 200 OK\r\n\r\n<title>\x1b]0;pwned\x07${'A'.repeat(5000)}</title>`));
    assert.ok(match?.http?.title);
    assert.doesNotMatch(match.http.title, /[\u0000-\u001f]/);
    assert.ok(match.http.title.length <= 160);
  });
  it('is not fooled by text that merely mentions HTTP', () =>
    assert.equal(parseHttpAnswer(text('hello HTTP/1.1 200 OK\r\n')), undefined));
});

describe('binary protocol answers', () => {
  it('MySQL greeting', () => {
    const body = Buffer.concat([Buffer.of(10), text('5.5.5-10.11.6-MariaDB-0+deb12u1\0'), Buffer.alloc(40, 1)]);
    const header = Buffer.of(body.length & 0xff, body.length >> 8, 0, 0);
    assertMatch(parseMysqlGreeting(Buffer.concat([header, body])), {
      name: 'mysql',
      product: 'MySQL',
      version: '5.5.5-10.11.6-MariaDB-0+deb12u1',
    });
  });
  it('MySQL refusal', () => {
    const body = Buffer.concat([
      Buffer.of(0xff, 0x6a, 0x04),
      text("Host '10.0.0.1' is not allowed to connect to this MariaDB server"),
    ]);
    assertMatch(parseMysqlGreeting(Buffer.concat([Buffer.of(body.length, 0, 0, 0), body])), {
      name: 'mysql',
      extraInfo: 'unauthorized',
    });
  });
  it('Redis INFO', () => {
    const info = '# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\nos:Linux 6.1.0 x86_64\r\n';
    assertMatch(parseRedisAnswer(text(`$${info.length}\r\n${info}\r\n`)), {
      name: 'redis',
      product: 'Redis key-value store',
      version: '7.0.15',
      osHint: 'Linux',
    });
  });
  it('Redis refusals and an HTTP GET read as commands', () => {
    assertMatch(parseRedisAnswer(text('-NOAUTH Authentication required.\r\n')), { name: 'redis' });
    assertMatch(parseRedisAnswer(text('-DENIED Redis is running in protected mode\r\n')), { name: 'redis' });
    assertMatch(parseRedisAnswer(text("-ERR wrong number of arguments for 'get' command\r\n")), {
      name: 'redis',
      refineWith: 'redis',
    });
    assert.equal(parseRedisAnswer(text('-ERR something\r\n')), undefined);
  });
  it('PostgreSQL authentication request and error', () => {
    assertMatch(parsePostgresAnswer(Buffer.from('520000000c00000005aabbccdd', 'hex')), {
      name: 'postgresql',
      product: 'PostgreSQL DB',
    });
    const fields = text('SFATAL\0VFATAL\0C28000\0Mno pg_hba.conf entry for host\0\0');
    const error = Buffer.concat([text('E'), Buffer.alloc(4), fields]);
    error.writeUInt32BE(4 + fields.length, 1);
    assertMatch(parsePostgresAnswer(error), { name: 'postgresql' });
    assert.equal(parsePostgresAnswer(text('E\0\0\0\x20garbage that is not fields')), undefined);
  });
  it('MongoDB buildInfo over OP_MSG', () => {
    const document = encodeBson({ version: '7.0.2', ok: 1 });
    const header = Buffer.alloc(21);
    header.writeInt32LE(21 + document.length, 0);
    header.writeInt32LE(2013, 12);
    assertMatch(parseMongoAnswer(Buffer.concat([header, document])), {
      name: 'mongodb',
      product: 'MongoDB',
      version: '7.0.2',
    });
  });
  it('BSON round trip, and refusal of a truncated document', () => {
    const document = encodeBson({ a: 1, b: 'two' });
    assert.deepEqual(
      [...readBsonFields(document)!],
      [
        ['a', 1],
        ['b', 'two'],
      ],
    );
    assert.equal(readBsonFields(document.subarray(0, document.length - 2)), undefined);
  });
  it('RDP connection confirms', () => {
    assertMatch(parseRdpAnswer(Buffer.from('030000130ed00000123400021f080002000000', 'hex')), {
      name: 'ms-wbt-server',
      product: 'Microsoft Terminal Services',
    });
    assertMatch(parseRdpAnswer(Buffer.from('0300000b06d00000000000', 'hex')), {
      name: 'ms-wbt-server',
      product: 'xrdp',
    });
  });
  it('VNC', () => assertMatch(parseVncGreeting(text('RFB 003.008\n')), { name: 'vnc', extraInfo: 'protocol 3.8' }));
  it('MQTT CONNACK', () => {
    assertMatch(parseMqttAnswer(Buffer.of(0x20, 2, 0, 0)), { name: 'mqtt' });
    assertMatch(parseMqttAnswer(Buffer.of(0x20, 2, 0, 5)), { extraInfo: 'connection refused: not authorized' });
    assert.equal(parseMqttAnswer(Buffer.of(0x20, 2, 0, 9)), undefined);
  });
  it('MQTT broker version from the retained $SYS topic', () => {
    const topic = Buffer.from('$SYS/broker/version');
    const payload = Buffer.from('mosquitto version 2.0.11');
    const publish = Buffer.concat([
      Buffer.of(0x31, 2 + topic.length + payload.length, 0, topic.length),
      topic,
      payload,
    ]);
    const answer = Buffer.concat([Buffer.of(0x20, 2, 0, 0, 0x90, 3, 0, 1, 0), publish]);
    assertMatch(parseMqttAnswer(answer), { name: 'mqtt', product: 'mosquitto', version: '2.0.11' });
    assertMatch(parseMqttAnswer(answer.subarray(0, answer.length - 3)), { name: 'mqtt', product: undefined });
  });
  it('SMB2 negotiate answer', () => {
    const answer = Buffer.alloc(4 + 64 + 8);
    answer.writeUInt32BE(72, 0);
    answer.write('\xfeSMB', 4, 'latin1');
    answer.writeUInt16LE(0x0311, 4 + 64 + 4);
    assertMatch(parseSmbAnswer(answer, 445), { name: 'microsoft-ds', extraInfo: 'SMB 3.1.1', refineWith: 'smb1' });
    assertMatch(parseSmbAnswer(Buffer.of(0x83, 0, 0, 1, 0x82), 139), { name: 'netbios-ssn' });
  });
  it('Samba refusing every SMB1 dialect', () => {
    const header = Buffer.alloc(32);
    header.write('\xffSMB', 0, 'latin1');
    header[4] = 0x72;
    const smb = Buffer.concat([header, Buffer.of(1, 0xff, 0xff, 0, 0)]);
    const answer = Buffer.concat([Buffer.of(0, 0, 0, smb.length), smb]);
    assertMatch(parseSmbAnswer(answer, 445), { name: 'netbios-ssn', product: 'Samba smbd' });
    answer[4 + 33] = 0;
    assertMatch(parseSmbAnswer(answer, 445), { name: 'microsoft-ds', extraInfo: 'SMB 1' });
  });
});

describe('hostile and garbled answers', () => {
  // A tiny deterministic generator, so a failure names a reproducible case.
  let seed = 0x5eed;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
  const context = { ip: '10.0.0.5', port: 4242 };
  const samples = [
    'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n',
    'HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 10\r\n\r\n<title>x</title>',
    '220 (vsFTPd 3.0.3)\r\n',
    '$40\r\n# Server\r\nredis_version:7.0.15\r\n',
    'RFB 003.008\n',
  ].map(text);

  it('no parser throws on random bytes, truncations or bit flips', () => {
    for (let round = 0; round < 3000; round++) {
      let answer: Buffer;
      if (round % 3 === 0)
        answer = Buffer.from(Array.from({ length: Math.floor(random() * 200) }, () => Math.floor(random() * 256)));
      else {
        const sample = samples[round % samples.length];
        answer = Buffer.from(sample.subarray(0, Math.floor(random() * (sample.length + 1))));
        if (round % 3 === 2 && answer.length)
          answer[Math.floor(random() * answer.length)] ^= 1 << Math.floor(random() * 8);
      }
      for (const probe of probes) probe.parse(answer, context);
      for (const probe of probes) probe.complete?.(answer);
    }
  });

  it('every parser refuses an empty answer', () => {
    for (const probe of probes) assert.equal(probe.parse(Buffer.alloc(0), context), undefined, probe.id);
  });

  it('a greeting that precedes the probe answer still names the service', () => {
    const answer = text('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\nInvalid SSH identification string.\r\n');
    assert.equal(
      parseAnswer(
        answer,
        { ip: '10.0.0.5', port: 8080 },
        probes.find((probe) => probe.id === 'http'),
      )?.name,
      'ssh',
    );
  });
});

describe('vsftpd refusing to start a session', () => {
  it('is still vsftpd, marked broken as nmap does', () =>
    assertMatch(parseFtpGreeting(text('500 OOPS: vsftpd: both local and anonymous access disabled!\r\n'), 21), {
      name: 'ftp',
      product: 'vsftpd',
      extraInfo: 'broken: both local and anonymous access disabled!',
    }));
});
