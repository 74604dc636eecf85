// One capture file through the paths the helper takes with it, checked: `capture/openFile` over
// the real protocol server (analyse and index, the snapshot, a page, a filtered page, the detail of
// packets) and `lanlens stats` (text or JSON). What counts as a failure: anything thrown or
// answered other than the documented refusal (BadCaptureFile, naming the offset), a refusal or a
// problem whose offset is outside the file or whose message is unclear, an error logged by the
// helper, or numbers the views cannot show (not finite, a time no Date holds).
import { PassThrough } from 'node:stream';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { createMessageConnection, ResponseError, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { statsCommand } from '../../src/helper/cli/statsCommand';
import { startProtocolServer } from '../../src/helper/server/protocolServer';
import { CloseCaptureRequest, HelperErrorCode, LogNotification } from '../../src/shared/helperProtocol';
import {
  CapturePacketDetailRequest,
  CapturePacketsRequest,
  OpenCaptureFileRequest,
} from '../../src/shared/captureFileProtocol';
import type { PacketSummary, TrafficSnapshot } from '../../src/shared/model/traffic';

/** The largest time a JavaScript Date holds, in ms either side of the epoch. */
const MAX_DATE_MS = 8.64e15;
const FILTERS = ['tcp', 'udp', 'dns', 'arp', '10.0.0.1', 'http', 'icmp', '802.11', 'nothing-matches-this'];

/** A helper protocol server in this thread, spoken to as the extension speaks to it. */
export interface InProcessHelper {
  client: MessageConnection;
  /** error-level log lines since the last call */
  takeErrors(): string[];
  dispose(): void;
}

/** Starts the protocol server over in-memory streams. */
export function inProcessHelper(): InProcessHelper {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  startProtocolServer({ input: toServer, output: toClient, exit: () => undefined });
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  let errors: string[] = [];
  client.onNotification(LogNotification.type, ({ level, message }) => {
    if (level === 'error') errors.push(message);
  });
  client.listen();
  return {
    client,
    takeErrors: () => [errors, (errors = [])][0],
    dispose: () => {
      client.dispose();
      toServer.end();
    },
  };
}

/** What one file did: its packets (undefined when refused), how it was refused, what went wrong. */
export interface TargetResult {
  packets?: number;
  refusal?: string;
  /** the file was read up to a damaged part, which this names */
  problem?: string;
  failures: string[];
}

/** A refusal or problem is clear when it says where (an offset inside the file) and in plain words. */
export function unclearMessage(message: string, size: number): string | undefined {
  const offset = /at offset (\d+)/.exec(message);
  if (!offset) return `names no offset: "${message}"`;
  if (Number(offset[1]) > size) return `names offset ${offset[1]}, past the end of the ${size}-byte file: "${message}"`;

  if (/[\u0000-\u001f\u007f-\u009f\ufffd]/.test(message)) return `holds control characters: ${JSON.stringify(message)}`;
  if (message.length > 300) return `is ${message.length} characters long`;
  return undefined;
}

/** Every number of `value` the views cannot show, by path (at most a few). */
function badNumbers(value: unknown, path: string, found: string[]): void {
  if (found.length >= 5) return;
  if (value === null) found.push(`${path} is null (a number JSON could not carry?)`);
  else if (typeof value === 'number' && !Number.isFinite(value)) found.push(`${path} = ${value}`);
  else if (Array.isArray(value)) value.forEach((item, i) => badNumbers(item, `${path}[${i}]`, found));
  else if (typeof value === 'object')
    for (const [key, item] of Object.entries(value)) badNumbers(item, `${path}.${key}`, found);
}

function checkTimes(what: string, times: number[], failures: string[]): void {
  const bad = times.find((time) => !(Math.abs(time) <= MAX_DATE_MS));
  if (bad !== undefined) failures.push(`${what}: time ${bad} ms is no date a view can show`);
}

function checkPage(what: string, packets: PacketSummary[], first: number, expected: number, failures: string[]): void {
  if (packets.length !== expected) failures.push(`${what}: ${packets.length} packets, expected ${expected}`);
  packets.forEach((packet, i) => {
    if (first > 0 && packet.index !== first + i) failures.push(`${what}: packet ${i} is frame ${packet.index}`);
  });
  checkTimes(
    what,
    packets.map((packet) => packet.time),
    failures,
  );
}

/** Opens the file as the pcap editor does and pages through it; the snapshot, or undefined when refused. */
async function openAndPage(
  helper: InProcessHelper,
  path: string,
  size: number,
  pick: number,
  result: TargetResult,
): Promise<void> {
  const { client } = helper;
  const failures = result.failures;
  const captureId = `fuzz-${pick}`;
  let snapshot: TrafficSnapshot;
  try {
    snapshot = await client.sendRequest(OpenCaptureFileRequest.type, { captureId, path });
  } catch (error) {
    if (error instanceof ResponseError && error.code === Number(HelperErrorCode.BadCaptureFile)) {
      result.refusal = error.message;
      const unclear = unclearMessage(error.message, size);
      if (unclear) failures.push(`the refusal ${unclear}`);
      return;
    }
    failures.push(`capture/openFile failed: ${describe(error)}`);
    return;
  }
  try {
    const total = snapshot.counters.packets;
    result.packets = total;
    const problem = snapshot.source.kind === 'file' ? snapshot.source.problem : undefined;
    if (problem) {
      result.problem = problem.message;
      const unclear = unclearMessage(problem.message, size);
      if (unclear) failures.push(`the problem ${unclear}`);
      if (problem.offset > size)
        failures.push(`the problem's offset ${problem.offset} is past the file's ${size} bytes`);
    }
    const numbers: string[] = [];
    badNumbers(snapshot, 'snapshot', numbers);
    failures.push(...numbers);
    checkTimes(
      'snapshot',
      [snapshot.firstPacketTime, snapshot.lastPacketTime, ...snapshot.recent.map((p) => p.time)],
      failures,
    );
    const page = await client.sendRequest(CapturePacketsRequest.type, { captureId, from: 1, count: 100 });
    if (page.total !== total) failures.push(`the page counts ${page.total} packets, the snapshot ${total}`);
    checkPage('first page', page.packets, 1, Math.min(100, total), failures);
    if (total > 0) {
      const last = await client.sendRequest(CapturePacketsRequest.type, {
        captureId,
        from: Math.max(1, total - 4),
        count: 10,
      });
      checkPage('last page', last.packets, Math.max(1, total - 4), Math.min(5, total), failures);
      for (const index of new Set([1, total, 1 + (pick % total)])) {
        const detail = await client.sendRequest(CapturePacketDetailRequest.type, { captureId, index });
        if (!detail) failures.push(`no detail for packet ${index}`);
      }
    }
    const filter = FILTERS[pick % FILTERS.length];
    const filtered = await client.sendRequest(CapturePacketsRequest.type, { captureId, from: 1, count: 50, filter });
    if (filtered.total > total) failures.push(`filter ${filter} matches ${filtered.total} of ${total} packets`);
    checkPage(`filter ${filter}`, filtered.packets, 0, Math.min(50, filtered.total), failures);
  } catch (error) {
    failures.push(`paging failed: ${describe(error)}`);
  } finally {
    await client.sendRequest(CloseCaptureRequest.type, { captureId }).catch((error: unknown) => {
      failures.push(`capture/close failed: ${describe(error)}`);
    });
  }
}

/** `lanlens stats FILE [--json]`: exit 0 (a damaged tail named with its offset) or 2 with a clear refusal. */
async function stats(path: string, size: number, json: boolean, result: TargetResult): Promise<void> {
  const out: string[] = [];
  const err: string[] = [];
  let code: number;
  try {
    code = await statsCommand([path], json, { out: (text) => out.push(text), err: (text) => err.push(text) }, 1);
  } catch (error) {
    result.failures.push(`lanlens stats threw: ${describe(error)}`);
    return;
  }
  const said = err.join('\n');
  if (code === 2) {
    const unclear = unclearMessage(said, size);
    if (unclear) result.failures.push(`lanlens stats's refusal ${unclear}`);
    if (result.packets !== undefined)
      result.failures.push(`lanlens stats refused a file capture/openFile read: ${said}`);
    return;
  }
  if (code !== 0) result.failures.push(`lanlens stats exited ${code}: ${said}`);
  if (result.packets === undefined) result.failures.push('lanlens stats read a file capture/openFile refused');
  if (said) {
    const unclear = unclearMessage(said, size);
    if (unclear) result.failures.push(`lanlens stats's warning ${unclear}`);
  }
  if (json) {
    const counted = (JSON.parse(out.join('')) as TrafficSnapshot).counters.packets;
    if (result.packets !== undefined && counted !== result.packets) {
      result.failures.push(`lanlens stats counts ${counted} packets, capture/openFile ${result.packets}`);
    }
  } else if (!out.join('').trim()) result.failures.push('lanlens stats printed nothing');
}

/** Runs the file at `path` (of `size` bytes) through both paths; `pick` varies the filter and packets asked for. */
export async function runCaptureFile(
  helper: InProcessHelper,
  path: string,
  size: number,
  pick: number,
): Promise<TargetResult> {
  const result: TargetResult = { failures: [] };
  await openAndPage(helper, path, size, pick, result);
  await stats(path, size, pick % 2 === 0, result);
  for (const error of helper.takeErrors()) result.failures.push(`the helper logged an error: ${error}`);
  return result;
}

function describe(error: unknown): string {
  if (error instanceof ResponseError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
