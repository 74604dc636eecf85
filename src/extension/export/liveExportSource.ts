import { CapturePacketsRequest } from '../../shared/captureFileProtocol';
import type { DeviceName } from '../../shared/webviewProtocol';
import type { CaptureSession } from '../capture/captureSession';
import type { HelperClient } from '../helperClient/helperClient';
import type { ExportSource } from './exportStream';

/**
 * The live capture as something to export: its merged tables, and every recorded packet while the
 * helper still holds the recording (else the recent-packets ring).
 */
export function liveExportSource(
  client: HelperClient,
  captures: CaptureSession,
  devices: () => DeviceName[],
): ExportSource {
  const { captureId, canSave, interface: name } = captures.state;
  return {
    label: name ? `the capture on ${name}` : 'the live capture',
    snapshot: () => captures.snapshot,
    devices,
    packetRange:
      captureId && canSave
        ? (from, count) => client.request(CapturePacketsRequest.type, { captureId, from, count })
        : undefined,
  };
}
