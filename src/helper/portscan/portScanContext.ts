import type { identifyHosts } from '../identify/identifyHosts';
import type { Logger } from '../log';
import type { PortScanProgressParams } from '../../shared/helperProtocol';
import type { NetworkInterfaceInfo } from '../../shared/model/network';

/** The machine's interfaces and where the scan's side effects go. */
export interface PortScanContext {
  interfaces: NetworkInterfaceInfo[];
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (progress: PortScanProgressParams) => void;
  /** called once raw links are open: a one-shot CLI drops root here */
  onCaptureOpened?: () => void;
  /** fills services and OS guesses in place (default: src/helper/identify's identifyHosts) */
  identify?: typeof identifyHosts;
  /**
   * asked before service detection probes more open ports than it does without asking; absent
   * (the CLI without --yes), those scans skip service detection with a warning
   */
  confirmIdentify?: (count: { ports: number; hosts: number }) => Promise<boolean>;
  /** ms between progress notifications (default 250) */
  progressIntervalMs?: number;
}
