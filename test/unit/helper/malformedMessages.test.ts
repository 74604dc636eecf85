// Issue 18, item 12: a garbled message from the extension is logged and skipped; the helper answers
// the next one. vscode-jsonrpc's own reader went deaf after the first bad header.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { startProtocolServer } from '../../../src/helper/server/protocolServer';

const GARBLED: Record<string, string> = {
  'a misspelt Content-Length': 'Content-Lenght: 5\r\n\r\nhello',
  'a header line without a colon': 'garbage without colon\r\n\r\n',
  'a length that is not a number': 'Content-Length: abc\r\n\r\n',
  'a negative length': 'Content-Length: -5\r\n\r\n',
  'a length over the limit': 'Content-Length: 99999999999\r\n\r\n{}',
  'binary bytes': '\x00\xff\xfe\r\n\r\n',
  'a header that never ends': 'X'.repeat(5000),
  'a body that is not JSON': 'Content-Length: 3\r\n\r\n{x}',
  'a body that is JSON but no message': 'Content-Length: 4\r\n\r\nnull',
};

function frame(message: object): Buffer {
  const body = JSON.stringify(message);
  return Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** Writes `chunks` to a fresh server, then waits for the answer to request `id`; resolves with all it wrote. */
async function serve(chunks: Iterable<Buffer>, id: number): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => (written += chunk.toString()));
  const connection = startProtocolServer({
    input,
    output,
    exit: () => undefined,
    listInterfaces: () => Promise.resolve({ interfaces: [], defaultInterface: undefined }),
  });
  for (const chunk of chunks) input.write(chunk);
  for (let i = 0; i < 100 && !written.includes(`"id":${id}`); i++) await new Promise((r) => setTimeout(r, 10));
  connection.dispose();
  return written;
}

/** Feeds `bytes` (in one or in single-byte chunks) then a valid request; resolves with what the helper wrote. */
function afterGarble(bytes: Buffer, byteByByte: boolean): Promise<string> {
  const garble = byteByByte ? [...bytes].map((byte) => Buffer.from([byte])) : [bytes];
  return serve([...garble, frame({ jsonrpc: '2.0', id: 7, method: 'interfaces/list' })], 7);
}

describe('malformed messages from the extension', () => {
  for (const [name, garble] of Object.entries(GARBLED)) {
    for (const byteByByte of [false, true]) {
      it(`${name}${byteByByte ? ', a byte at a time' : ''}: logged, and the next request answered`, async () => {
        const written = await afterGarble(Buffer.from(garble, 'latin1'), byteByByte);
        assert.match(written, /"id":7,"result":\{"interfaces":\[\]/);
        assert.match(written, /"level":"warn","message":"protocol: skipped a/);
      });
    }
  }

  it('a message split across many chunks is read whole', async () => {
    const bytes = frame({ jsonrpc: '2.0', id: 8, method: 'interfaces/list', params: { pad: 'x'.repeat(200_000) } });
    const pieces = Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) =>
      bytes.subarray(i * 1000, i * 1000 + 1000),
    );
    const written = await serve(pieces, 8);
    assert.match(written, /"id":8/);
    assert.doesNotMatch(written, /protocol: skipped/);
  });
});
