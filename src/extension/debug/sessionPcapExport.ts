// "Export pcap" of the debug panel: the packets of the session's connections, out of the live
// capture's recording, written by the helper as a pcap of their own where the user says.
import type { SavedFile } from '../../shared/webviewProtocol';
import type { CaptureSession } from '../capture/captureSession';
import { askExportFile } from '../export/exportToFile';
import { exportFileName } from '../export/trafficExport';
import { UserFacingError } from '../userFacingError';
import { sessionConversations } from './captureAttribution';
import type { DebugSessionTraffic } from './debugSessionTraffic';

/** Asks where, then has the helper write the session's packets there. */
export async function exportSessionPackets(
  session: DebugSessionTraffic | undefined,
  captures: CaptureSession,
): Promise<SavedFile> {
  if (!session) throw new UserFacingError('No debug session has started since LAN Lens started.');
  if (session.view().attribution === 'unscoped') {
    throw new UserFacingError(
      'The session’s process is not known, so its packets cannot be told from the rest: save the whole capture from the traffic dashboard instead.',
    );
  }
  const conversations = sessionConversations(session.watch.state.rows.values());
  if (conversations.length === 0) throw new UserFacingError('The session has made no connection yet.');
  const now = Date.now();
  const file = await askExportFile(
    `Export the packets of debug session "${session.info.name}"`,
    exportFileName('debug-packets', 'pcap', now),
    'pcap',
  );
  if (!file) return { count: 0 };
  const saved = await captures.saveConversations(file, conversations);
  return { path: file, count: saved.packets };
}
