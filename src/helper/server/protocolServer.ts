import type { Readable, Writable } from 'node:stream';
import { createMessageConnection, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import { registerAlertHandlers } from './alertHandlers';
import { serveBandwidth } from './bandwidthHandlers';
import { registerCaptureFileHandlers } from './captureFileHandlers';
import { registerCaptureHandlers } from './captureHandlers';
import { registerHistoryHandlers } from './historyHandlers';
import { ResyncingMessageReader } from './messageReader';
import { registerPrivilegeHandlers } from './privilegeHandlers';
import { CaptureRegistry } from './captureRegistry';
import { checkedByWork, invalidParams, onRequest, onRequest0 } from './requestHandler';
import type { ServerContext } from './requestHandler';
import { registerScanHandlers } from './scanHandlers';
import type { ScanHistory } from './scanHandlers';
import type { AlertService } from '../alerts/alertService';
import type { EventLogService } from '../eventLog/eventLogService';
import { runGrant } from '../privilege/grantCapture';
import { loggedCapture, loggedGrant, registerEventLog } from './eventLogHandlers';
import { registerSocketHandlers } from './socketHandlers';
import type { SocketsIo } from './socketHandlers';
import { registerTopologyHandlers } from './topologyHandlers';
import { removeStaleRecordings } from '../capture/captureRecorder';
import { createLiveAggregator } from '../capture/liveAggregator';
import { loadCap } from '../capture/nativeCap';
import { createLogger } from '../log';
import type { Logger } from '../log';
import { readInterfaceCounters } from '../os/bandwidthWatcher';
import type { CounterReader } from '../os/bandwidthWatcher';
import { addressedInterfaces, listInterfaces } from '../os/interfaces';
import { runPortScan } from '../portscan/runPortScan';
import { runScan } from '../scan/runScan';
import { procProcessReader } from '../sockets/processTable';
import { openSocketSource } from '../sockets/socketSource';
import { traceroute } from '../topology/traceroute';
import { helperVersion } from '../version';
import {
  describeRuntime,
  ExitNotification,
  HELPER_PROTOCOL_VERSION,
  InitializeRequest,
  InterfacesRequest,
  LogNotification,
  ShutdownRequest,
} from '../../shared/helperProtocol';
import type { HelperRuntimeInfo, InitializeParams, InitializeResult, LogLevel } from '../../shared/helperProtocol';
import type { PrivilegeStatus } from '../../shared/model/privilege';

/** I/O the server needs, injected so tests can run it over in-memory streams. */
export interface ServerIo {
  input: Readable;
  output: Writable;
  /** called when the client sends `helper/exit` (or the stream closes) */
  exit: (code: number) => void;
  /** replace the machine's interface listings in tests */
  listInterfaces?: typeof listInterfaces;
  addressedInterfaces?: typeof addressedInterfaces;
  runScan?: typeof runScan;
  /** replace the OS byte counters behind `bandwidth/watch` in tests */
  readCounters?: CounterReader;
  runPortScan?: typeof runPortScan;
  traceroute?: typeof traceroute;
  /** replace the machine's capture privilege in tests */
  privilegeStatus?: () => PrivilegeStatus;
  /** replace the socket table and /proc behind `sockets/*` in tests */
  sockets?: SocketsIo;
  /** what the helper did with root at start (main.ts), for the log */
  startNote?: string;
  /** the clock the history records by, and how often it reads and writes (tests shorten them) */
  now?: () => number;
  historyTimings?: { sampleMs: number; flushMs: number };
}

/** Serves the helper protocol on a stream pair until `helper/exit`. */
export function startProtocolServer(io: ServerIo): MessageConnection {
  const connection = createMessageConnection(new ResyncingMessageReader(io.input), new StreamMessageWriter(io.output));
  let logLevel: LogLevel = 'info';
  let shuttingDown = false;
  const logger: Logger = createLogger(
    () => logLevel,
    (level, message) => void connection.sendNotification(LogNotification.type, { level, message }),
  );
  const context: ServerContext = { connection, logger, isShuttingDown: () => shuttingDown };
  // A garbled message from the extension is logged and skipped; the helper goes on.
  connection.onError(([error]) => logger.log('warn', `protocol: ${error.message}`));

  onRequest(context, InitializeRequest.type, { params: checkedByWork }, (params) => {
    logLevel = params.logLevel;
    if (io.startNote) logger.log('info', io.startNote);
    return initialize(params, logger);
  });
  onRequest0(context, InterfacesRequest.type, () => (io.listInterfaces ?? listInterfaces)());
  registerTopologyHandlers(context, {
    addressedInterfaces: io.addressedInterfaces ?? addressedInterfaces,
    traceroute: io.traceroute ?? traceroute,
  });
  const bandwidth = serveBandwidth(context, io.readCounters ?? readInterfaceCounters);
  const history = registerHistoryHandlers(context, {
    readCounters: io.readCounters ?? readInterfaceCounters,
    listInterfaces: async () => (await (io.listInterfaces ?? listInterfaces)()).interfaces,
    now: io.now ?? Date.now,
    timings: io.historyTimings,
  });
  const alerts = registerAlertHandlers(context, {
    history: () => history.current,
    readCounters: io.readCounters ?? readInterfaceCounters,
    addressedInterfaces: io.addressedInterfaces ?? addressedInterfaces,
    now: io.now,
  });
  const events = registerEventLog(context, alerts);
  registerScanHandlers(
    context,
    {
      addressedInterfaces: io.addressedInterfaces ?? addressedInterfaces,
      runScan: io.runScan ?? runScan,
      runPortScan: io.runPortScan ?? runPortScan,
    },
    scanListeners(history, alerts, events),
  );

  const captures = new CaptureRegistry();
  registerCaptureHandlers({
    ...context,
    registry: captures,
    createAggregator: (name) => alerts.watchCapture(createLiveAggregator(name), name),
    historyTap: (iface, filter) => loggedCapture(events, iface, filter, history.captureTap(iface, filter)),
  });
  registerCaptureFileHandlers({ ...context, registry: captures });
  registerPrivilegeHandlers(context, io.privilegeStatus, loggedGrant(events, runGrant));
  const socketWatches = registerSocketHandlers(
    context,
    io.sockets ?? { openSource: openSocketSource, reader: procProcessReader() },
  );

  onRequest0(context, ShutdownRequest.type, async () => {
    bandwidth.stop();
    socketWatches.stopAll();
    shuttingDown = true;
    logger.log('info', 'shutdown requested');
    // Live captures stop (closing their handles) and recordings are deleted before the exit.
    await captures.clear();
    alerts.stop();
    events.close();
    // After the captures, so their last traffic is written too.
    history.close();
  });
  connection.onNotification(ExitNotification.type, () => io.exit(shuttingDown ? 0 : 1));
  connection.onClose(() => {
    bandwidth.stop();
    alerts.stop();
    events.close();
    history.close();
    socketWatches.stopAll();
    io.exit(shuttingDown ? 0 : 1);
  });
  connection.listen();
  return connection;
}

/** Finished scans go to the history, the alert engine and the event log. */
function scanListeners(history: ScanHistory, alerts: AlertService, events: EventLogService): ScanHistory {
  return {
    recordScan: (result) => {
      history.recordScan(result);
      alerts.scan(result);
      const { scanId, interface: iface, cidr, method, devices, cancelled } = result;
      events.record('scan', {
        scanId,
        interface: iface,
        cidr,
        method,
        cancelled,
        devices: devices.map(({ ip, mac }) => ({ ip, mac })),
      });
    },
    recordPortScan: (request, result) => {
      history.recordPortScan(request, result);
      alerts.ports(result);
      const open = result.hosts.map(({ ip, ports }) => ({
        ip,
        open: ports.filter((port) => port.state === 'open').map((port) => `${port.protocol}/${port.port}`),
      }));
      events.record('ports', { scanId: result.scanId, targets: request.targets, method: result.method, hosts: open });
    },
  };
}

/** `helper/initialize`: refuses another protocol version, else says what this helper is and can do. */
function initialize(params: InitializeParams, logger: Logger): InitializeResult {
  if (params.protocolVersion !== HELPER_PROTOCOL_VERSION) {
    throw invalidParams(
      `Protocol mismatch: the extension speaks version ${params.protocolVersion}, this helper ${HELPER_PROTOCOL_VERSION}. Rebuild with \`npm run build\`.`,
    );
  }
  const stale = removeStaleRecordings();
  if (stale > 0) logger.log('info', `removed ${stale} recording(s) left by helpers that were killed`);
  const { status: capture, library } = loadCap();
  const node: HelperRuntimeInfo = {
    version: process.version,
    abi: process.versions.modules,
    execPath: process.execPath,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
  };
  logger.log(
    'info',
    `helper ${helperVersion} pid ${process.pid} on ${describeRuntime(node)}; capture ${library ? `module loaded (${library.file}: ${library.version})` : `unavailable: ${capture.problem?.message}`}`,
  );
  return { protocolVersion: HELPER_PROTOCOL_VERSION, version: helperVersion, pid: process.pid, node, capture };
}
