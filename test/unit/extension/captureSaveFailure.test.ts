// A capture the helper cannot write to the chosen file is said in words, as every other export says
// it ("Could not save the capture to FILE: no space left on the disk. Free some space, …"), where
// the debug panel's Export pcap and Save Capture showed the helper's "Cannot write FILE: ENOSPC: …".
// The helper's own writes (the recording's copy, a session's conversations) fail for real: /dev/full
// refuses every byte, and a path through a file has no folder to be made in.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { helperCaptureBackend } from '../../../src/extension/capture/captureBackend';
import type { CaptureBackend } from '../../../src/extension/capture/captureBackend';
import { CaptureSession } from '../../../src/extension/capture/captureSession';
import { CaptureRecorder } from '../../../src/helper/capture/captureRecorder';
import { writeConversationPcap } from '../../../src/helper/capture/conversationPcap';
import { LinkType } from '../../../src/helper/decode/linkType';
import { saveError } from '../../../src/helper/server/saveError';
import type { ConversationKey } from '../../../src/shared/helperProtocol';
import { WebviewRequestError } from '../../../src/shared/webviewTransport';
import { ipFrame } from '../../fixtures/testFrames';
import { fakeHelperClient } from './fakeHelperClient';

const fixture = path.join(__dirname, '..', '..', 'fixtures', 'lab-small.pcap');
const http: ConversationKey = { transport: 'tcp', a: '10.213.36.12', aPort: 42432, b: '10.213.36.11', bPort: 80 };
const dir = mkdtempSync(path.join(tmpdir(), 'lanlens-save-capture-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A recording of a few frames, as a live capture keeps one. */
function recording(): CaptureRecorder {
  const recorder = new CaptureRecorder(LinkType.Ethernet, 262144, 1 << 20);
  const frame = ipFrame({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'udp', sport: 4000, dport: 53, payload: 100 });
  for (let i = 0; i < 5; i++) recorder.write(frame, 0, frame.length, frame.length, 1_700_000_000, i * 1000);
  return recorder;
}

/** The capture messages of the fake helper, with capture/save doing what the helper's does, failures and all. */
function backendSaving(base: CaptureBackend, recorder: CaptureRecorder): CaptureBackend {
  return {
    ...base,
    save: async (_captureId, file, conversations) => {
      try {
        return conversations
          ? await writeConversationPcap(fixture, Number.MAX_SAFE_INTEGER, file, conversations)
          : await recorder.saveAs(file);
      } catch (error) {
        throw saveError(file, error);
      }
    },
  };
}

/** Runs `saving` on a stopped capture with a recording (`spoil` may damage it first), then cleans up. */
async function stoppedCapture(
  saving: (session: CaptureSession, recorder: CaptureRecorder) => Promise<void>,
  spoil?: (recorder: CaptureRecorder) => void,
): Promise<void> {
  const { client } = fakeHelperClient();
  const recorder = recording();
  const session = new CaptureSession(backendSaving(helperCaptureBackend(client), recorder));
  try {
    await session.start({ interface: 'ticks' });
    await session.stop();
    spoil?.(recorder);
    await saving(session, recorder);
  } finally {
    recorder.dispose(); // removes the recording's folder, whatever is in it
    session.dispose();
    await client.dispose();
  }
}

describe('a capture the helper could not write, said in words', () => {
  const notAFolder = path.join(dir, 'file');
  writeFileSync(notAFolder, '');
  const cases: [string, string, boolean, string][] = [
    ['a full disk', '/dev/full', false, 'no space left on the disk. Free some space, or choose another folder.'],
    [
      'a path through a file',
      path.join(notAFolder, 'x.pcap'),
      false,
      'a part of its path is not a folder. Choose a folder you can write to.',
    ],
    [
      'a full disk, the session’s packets',
      '/dev/full',
      true,
      'no space left on the disk. Free some space, or choose another folder.',
    ],
  ];
  for (const [name, file, ofSession, said] of cases) {
    it(name, () =>
      stoppedCapture(async (session) => {
        const saving = ofSession ? session.saveConversations(file, [http]) : session.save(file);
        await assert.rejects(saving, (error: unknown) => {
          assert.ok(error instanceof WebviewRequestError, `a worded error, not ${String(error)}`);
          const what = ofSession ? 'the session’s packets' : 'the capture';
          assert.equal(`${error.message} ${error.fix}`, `Could not save ${what} to ${file}: ${said}`);
          return true;
        });
        assert.equal(session.unsaved, true, 'a recording whose save failed is still unsaved');
      }),
    );
  }

  // A read by descriptor names no file: the recording's failure (here a folder in its place, which
  // read() refuses with EISDIR) was said as the user's file being a folder.
  it('the recording unreadable is not blamed on the file chosen', () =>
    stoppedCapture(
      async (session) => {
        await assert.rejects(session.save(path.join(dir, 'fine.pcap')), (error: unknown) => {
          assert.ok(!(error instanceof WebviewRequestError), `not said as the chosen file's: ${String(error)}`);
          assert.match(String(error), /EISDIR.*\(.*capture\.pcap\)$/, 'the recording is named');
          return true;
        });
      },
      (recorder) => {
        rmSync(recorder.path);
        mkdirSync(recorder.path);
      },
    ));

  it('a failure that is not the file’s keeps its own message', async () => {
    const { client } = fakeHelperClient();
    const recorder = recording();
    recorder.dispose(); // the recording is gone: nothing the user's folder could change
    const session = new CaptureSession(backendSaving(helperCaptureBackend(client), recorder));
    try {
      await session.start({ interface: 'ticks' });
      await assert.rejects(session.save(path.join(dir, 'ok.pcap')), (error: unknown) => {
        assert.ok(!(error instanceof WebviewRequestError), String(error));
        assert.match(String(error), /ENOENT.*capture\.pcap/, 'the recording is named');
        return true;
      });
    } finally {
      session.dispose();
      await client.dispose();
    }
  });
});
