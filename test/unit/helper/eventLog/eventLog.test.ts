import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { frameLog, newKey } from '../../../../src/helper/eventLog/eventLogFormat';
import type { LogKey } from '../../../../src/helper/eventLog/eventLogFormat';
import { readEventLog } from '../../../../src/helper/eventLog/eventLogReader';
import { EventLogWriter } from '../../../../src/helper/eventLog/eventLogWriter';
import { addKeyToFile, readKeyFile } from '../../../../src/helper/eventLog/keyFile';
import { runCli } from '../../../../src/helper/cli/commands';

const folder = mkdtempSync(path.join(tmpdir(), 'lanlens-eventlog-'));
after(() => rmSync(folder, { recursive: true, force: true }));
let files = 0;
const T0 = 1_700_000_000_000;

/** A closed log of `count` alert records (plus its open and close records), and its key. */
function writeLog(count: number): { file: string; key: LogKey } {
  const file = path.join(folder, `log${++files}.lllog`);
  const key = newKey();
  let clock = T0;
  const writer = EventLogWriter.open(file, key, () => clock++);
  for (let i = 0; i < count; i++) writer.append('alert', { n: i, title: `alert ${i}` });
  writer.close();
  return { file, key };
}

/** The byte ranges of each record of a log file. */
function ranges(bytes: Buffer): [number, number][] {
  const framed = frameLog(bytes);
  assert.ok(!('error' in framed));
  return framed.records.map((record, i) => [record.offset, framed.records[i + 1]?.offset ?? bytes.length]);
}

describe('the encrypted event log', () => {
  it('round-trips: every record back, numbered, with its time and kind; each sealed under its own nonce', () => {
    const { file, key } = writeLog(3);
    const bytes = readFileSync(file);
    const reading = readEventLog(bytes, [key]);
    assert.deepEqual(reading.problems, []);
    assert.deepEqual(
      reading.records.map((record) => [record.seq, record.kind, (record.data as { n?: number }).n]),
      [
        [0, 'log-open', undefined],
        [1, 'alert', 0],
        [2, 'alert', 1],
        [3, 'alert', 2],
        [4, 'log-close', undefined],
      ],
    );
    assert.equal(reading.records[1].time, T0 + 1);
    assert.ok(!bytes.includes(Buffer.from('alert 0')), 'nothing in clear');
    const framed = frameLog(bytes);
    assert.ok(!('error' in framed));
    assert.equal(
      new Set(framed.records.map((record) => record.nonce.toString('hex'))).size,
      5,
      'a fresh nonce per record',
    );
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('a flipped bit is reported at its record', () => {
    const { file, key } = writeLog(5);
    const bytes = readFileSync(file);
    const [start] = ranges(bytes)[3];
    bytes[start + 30] ^= 0x01;
    assert.deepEqual(
      readEventLog(bytes, [key]).problems.map((problem) => [problem.record, problem.message]),
      [[3, 'record 3 was changed: it does not authenticate']],
    );
  });

  it('a dropped record is reported where it is missing', () => {
    const { file, key } = writeLog(5);
    const bytes = readFileSync(file);
    const [start, end] = ranges(bytes)[2];
    const dropped = Buffer.concat([bytes.subarray(0, start), bytes.subarray(end)]);
    assert.deepEqual(
      readEventLog(dropped, [key]).problems.map((problem) => [problem.record, problem.message]),
      [[2, 'record 2 is missing (the record here is record 3)']],
    );
  });

  it('swapped records are reported where the order breaks', () => {
    const { file, key } = writeLog(5);
    const bytes = readFileSync(file);
    const all = ranges(bytes);
    const part = (i: number) => bytes.subarray(all[i][0], all[i][1]);
    const swapped = Buffer.concat([bytes.subarray(0, all[2][0]), part(3), part(2), bytes.subarray(all[4][0])]);
    const problems = readEventLog(swapped, [key]).problems.map((problem) => [problem.record, problem.message]);
    assert.deepEqual(problems, [
      [2, 'record 2 is record 3: records are out of order here'],
      [3, 'record 3 is record 2: records are out of order here'],
    ]);
  });

  it('a cut tail is reported: inside a record with its byte, or after the last whole record', () => {
    const { file, key } = writeLog(5);
    const bytes = readFileSync(file);
    const all = ranges(bytes);
    const inside = readEventLog(bytes.subarray(0, all[5][0] + 10), [key]).problems;
    assert.deepEqual(inside, [
      { record: 5, offset: all[5][0], message: `the log is cut (or damaged) inside record 5, at byte ${all[5][0]}` },
    ]);
    const atBoundary = readEventLog(bytes.subarray(0, all[6][0]), [key]).problems;
    assert.equal(atBoundary.length, 1);
    assert.equal(atBoundary[0].record, 6);
    assert.match(atBoundary[0].message, /^the log ends after record 5 without its closing record/);
  });

  it('a wrong key says so plainly; a file that is not a log too', () => {
    const { file } = writeLog(1);
    const wrong = newKey();
    const reading = readEventLog(readFileSync(file), [wrong]);
    assert.match(
      reading.error ?? '',
      /^this log was written with key [0-9a-f]{8}, which the key file does not hold \(it holds [0-9a-f]{8}\): the wrong key file\?$/,
    );
    assert.match(readEventLog(Buffer.from('hello'), [wrong]).error ?? '', /not a LAN Lens event log/);
  });

  it('appending again goes on numbering; a rotation is recorded under the old key, and both keys read it all', () => {
    const { file, key } = writeLog(1);
    const next = newKey();
    const writer = EventLogWriter.open(file, key, () => T0);
    writer.rotate(next);
    writer.append('scan', { cidr: '10.0.0.0/24' });
    writer.close();
    const reading = readEventLog(readFileSync(file), [key, next]);
    assert.deepEqual(reading.problems, []);
    assert.deepEqual(
      reading.records.map((record) => [record.seq, record.kind, record.keyId === next.id]),
      [
        [0, 'log-open', false],
        [1, 'alert', false],
        [2, 'log-close', false],
        [3, 'log-open', false],
        [4, 'key-rotated', false],
        [5, 'scan', true],
        [6, 'log-close', true],
      ],
    );
    const onlyOld = readEventLog(readFileSync(file), [key]);
    assert.match(
      onlyOld.problems[0]?.message ?? '',
      /^record 5 was written with key [0-9a-f]{8}, which the key file does not hold$/,
    );
  });

  it('a key file is made readable by its owner only, rotated by adding a key, and refused when others may read it', () => {
    const file = path.join(folder, 'keys.json');
    const first = addKeyToFile(file, T0);
    const second = addKeyToFile(file, T0 + 1);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(
      readKeyFile(file).map((key) => key.id),
      [first.id, second.id],
    );
    writeFileSync(file, readFileSync(file), { mode: 0o644 });
    const loose = path.join(folder, 'loose.json');
    writeFileSync(loose, readFileSync(file), { mode: 0o644 });
    assert.throws(() => readKeyFile(loose), /others may read it: chmod 600/);
  });
});

describe('lanlens log', () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('log key makes a key file; log show verifies a log with it, and names the byte of a change', async () => {
    const keys = path.join(folder, 'cli-keys.json');
    const made = await run(['log', 'key', '--key-file', keys]);
    assert.equal(made.code, 0, made.err);
    const [key] = readKeyFile(keys);
    const file = path.join(folder, 'cli.lllog');
    const writer = EventLogWriter.open(file, key, () => T0);
    writer.append('alert', { severity: 'high', title: 'evil\u001b[2J claims 10.0.0.1' });
    writer.close();
    const shown = await run(['log', 'show', '--key-file', keys, '--log', file]);
    assert.equal(shown.code, 0, shown.err);
    assert.match(
      shown.out,
      /^#1 {2}\S+ \S+ {2}alert {10}high {2}evil\[2J claims 10\.0\.0\.1$/m,
      'control characters left out',
    );
    assert.match(shown.err, /3 records, every one authentic and in order/);
    const bytes = readFileSync(file);
    const [start] = ranges(bytes)[1];
    bytes[start + 20] ^= 0x80;
    writeFileSync(file, bytes);
    const tampered = await run(['log', 'show', '--key-file', keys, '--log', file]);
    assert.equal(tampered.code, 1);
    assert.match(tampered.err, new RegExp(`byte ${start}: record 1 was changed: it does not authenticate`));
    const wrong = path.join(folder, 'other-keys.json');
    await run(['log', 'key', '--key-file', wrong]);
    const refused = await run(['log', 'show', '--key-file', wrong, '--log', file]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /the wrong key file\?/);
  });
});
