import type { ServiceMatch, ServiceProbe } from '../serviceProbe';

/**
 * An SMB1 NEGOTIATE offering NT LM 0.12 and the SMB2 dialects (MS-SMB2 §3.3.5.3.1), in a NetBIOS
 * session message: SMB1-only servers answer in SMB1, newer ones switch to an SMB2 answer.
 */
function negotiateRequest(dialectList = '\x02NT LM 0.12\0\x02SMB 2.002\0\x02SMB 2.???\0'): Buffer {
  const dialects = Buffer.from(dialectList, 'latin1');
  const header = Buffer.alloc(32);
  header.write('\xffSMB', 0, 'latin1');
  header[4] = 0x72; // NEGOTIATE
  header[9] = 0x18; // flags: canonical paths, case-insensitive
  header.writeUInt16LE(0xc801, 10); // flags2: unicode, NT status, long names
  header.writeUInt16LE(0xffff, 24); // tid
  header.writeUInt16LE(0xfeff, 26); // pid
  const body = Buffer.alloc(3);
  body.writeUInt16LE(dialects.length, 1); // word count 0, then the byte count
  const smb = Buffer.concat([header, body, dialects]);
  const session = Buffer.alloc(4);
  session.writeUInt32BE(smb.length);
  return Buffer.concat([session, smb]);
}

const smb2Dialects: Record<number, string> = {
  0x0202: '2.0.2',
  0x0210: '2.1',
  0x02ff: '2.x',
  0x0300: '3.0',
  0x0302: '3.0.2',
  0x0311: '3.1.1',
};

/** Reads an SMB negotiate answer (SMB1 or SMB2) or a NetBIOS session answer (port 139). */
export function parseSmbAnswer(answer: Buffer, port: number): ServiceMatch | undefined {
  const name = port === 139 ? 'netbios-ssn' : 'microsoft-ds';
  if (answer.length >= 4 && (answer[0] === 0x82 || answer[0] === 0x83) && answer[1] === 0) {
    return { name: 'netbios-ssn', confidence: 0.9 };
  }
  if (answer.length < 8 || answer[0] !== 0) return undefined;
  const magic = answer.subarray(4, 8).toString('latin1');
  if (magic === '\xfeSMB' && answer.length >= 4 + 64 + 6 && answer.readUInt16LE(4 + 12) === 0) {
    const dialect = answer.readUInt16LE(4 + 64 + 4);
    const known = smb2Dialects[dialect];
    // Which server it is shows in how it answers an SMB1-only negotiation: ask that next.
    return { name, confidence: 1, refineWith: 'smb1', ...(known ? { extraInfo: `SMB ${known}` } : {}) };
  }
  if (magic === '\xffSMB' && answer[8] === 0x72 && answer.length >= 4 + 32 + 3) {
    // Samba 4 (SMB2 at least) refuses every SMB1 dialect with a one-word answer, index 0xffff.
    const words = answer[4 + 32]!;
    if (words === 1 && answer.readUInt16LE(4 + 33) === 0xffff)
      return { name: 'netbios-ssn', product: 'Samba smbd', confidence: 1 };
    return { name, confidence: 1, extraInfo: 'SMB 1' };
  }
  return undefined;
}

/** An SMB1 negotiation offering only SMB1 dialects (as old clients and nmap do), to tell servers apart. */
export const smb1: ServiceProbe = {
  id: 'smb1',
  serverFirst: false,
  ports: [],
  request: () => negotiateRequest('\x02PC NETWORK PROGRAM 1.0\0\x02LANMAN1.0\0\x02NT LM 0.12\0'),
  complete: (answer) => answer.length >= 4 && answer.length >= 4 + answer.readUIntBE(1, 3),
  parse: (answer, context) => parseSmbAnswer(answer, context.port),
};

export const smb: ServiceProbe = {
  id: 'smb',
  serverFirst: false,
  ports: [445, 139],
  request: () => negotiateRequest(),
  complete: (answer) => answer.length >= 4 && answer.length >= 4 + answer.readUIntBE(1, 3),
  parse: (answer, context) => parseSmbAnswer(answer, context.port),
};
