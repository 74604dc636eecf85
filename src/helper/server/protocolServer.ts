import { setMaxListeners } from 'node:events';
import { ResponseError, createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Readable, Writable } from 'node:stream';
import {
  ExitNotification,
  HELPER_PROTOCOL_VERSION,
  HelperErrorCode,
  InitializeRequest,
  InterfacesRequest,
  LogNotification,
  PortScanProgressNotification,
  PortScanRequestMessage,
  ScanProgressNotification,
  ScanRequestMessage,
  ShutdownRequest,
} from '../../shared/helperProtocol';
import { registerCaptureFileHandlers } from './captureFileHandlers';
import { registerCaptureHandlers } from './captureHandlers';
import { CaptureRegistry } from './captureRegistry';
import { createLiveAggregator } from '../capture/liveAggregator';
import { loadCap } from '../capture/nativeCap';
import { createLogger } from '../log';
import { addressedInterfaces, listInterfaces } from '../os/interfaces';
import type { CounterReader } from '../os/bandwidthWatcher';
import { readInterfaceCounters } from '../os/bandwidthWatcher';
import { serveBandwidth } from './bandwidthHandlers';
import { runPortScan } from '../portscan/runPortScan';
import { runScan, type ScanContext } from '../scan/runScan';
import { ScanInputError } from '../scan/scanTarget';
import { helperVersion } from '../version';
import type { Logger } from '../log';
import type { LogLevel, NeedsConfirmationData } from '../../shared/helperProtocol';

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
}

/** Serves the helper protocol on a stream pair until `helper/exit`. */
export function startProtocolServer(io: ServerIo): MessageConnection {
  const connection = createMessageConnection(new StreamMessageReader(io.input), new StreamMessageWriter(io.output));
  let logLevel: LogLevel = 'info';
  let shuttingDown = false;
  const logger: Logger = createLogger(
    () => logLevel,
    (level, message) => void connection.sendNotification(LogNotification.type, { level, message }),
  );
  const interfaces = io.listInterfaces ?? listInterfaces;
  const scanInterfaces = io.addressedInterfaces ?? addressedInterfaces;
  const scan = io.runScan ?? runScan;
  const portScan = io.runPortScan ?? runPortScan;

  connection.onRequest(InitializeRequest.type, (params) => {
    logLevel = params.logLevel;
    if (params.protocolVersion !== HELPER_PROTOCOL_VERSION) {
      throw new ResponseError(
        HelperErrorCode.InvalidParams,
        `Protocol mismatch: the extension speaks version ${params.protocolVersion}, this helper ${HELPER_PROTOCOL_VERSION}. Rebuild with \`npm run build\`.`,
      );
    }
    const capture = loadCap().status;
    logger.log(
      'info',
      `helper ${helperVersion} pid ${process.pid} on Node ${process.version} (ABI ${process.versions.modules}); capture ${capture.available ? 'module loaded' : `unavailable: ${capture.problem?.message}`}`,
    );
    return {
      protocolVersion: HELPER_PROTOCOL_VERSION,
      version: helperVersion,
      pid: process.pid,
      node: { version: process.version, abi: process.versions.modules, execPath: process.execPath },
      capture,
    };
  });

  connection.onRequest(InterfacesRequest.type, async () => interfaces());

  connection.onRequest(ScanRequestMessage.type, async (request, token) => {
    if (shuttingDown) throw new ResponseError(HelperErrorCode.ShuttingDown, 'The helper is shutting down.');
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const snapshot = await scanInterfaces();
      const context: ScanContext = {
        ...snapshot,
        logger,
        signal: abort.signal,
        onProgress: (progress) => void connection.sendNotification(ScanProgressNotification.type, progress),
      };
      const result = await scan(request, context);
      logger.log(
        'info',
        `scan ${request.scanId}: ${result.devices.length} hosts in ${result.durationMs} ms${result.cancelled ? ' (cancelled)' : ''}`,
      );
      for (const warning of result.warnings) logger.log('warn', warning);
      return result;
    } catch (error) {
      if (error instanceof ScanInputError)
        throw new ResponseError<NeedsConfirmationData>(error.code, error.message, { reasons: error.reasons });
      logger.log(
        'error',
        `scan ${request.scanId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      throw new ResponseError(-32603, error instanceof Error ? error.message : String(error));
    } finally {
      subscription.dispose();
    }
  });

  const bandwidth = serveBandwidth(connection, io.readCounters ?? readInterfaceCounters, logger, () => shuttingDown);
  const captures = new CaptureRegistry();
  registerCaptureHandlers({
    connection,
    registry: captures,
    logger,
    isShuttingDown: () => shuttingDown,
    createAggregator: createLiveAggregator,
  });

  registerCaptureFileHandlers({ connection, registry: captures, logger, isShuttingDown: () => shuttingDown });

  connection.onRequest(PortScanRequestMessage.type, async (request, token) => {
    if (shuttingDown) throw new ResponseError(HelperErrorCode.ShuttingDown, 'The helper is shutting down.');
    const abort = new AbortController();
    setMaxListeners(0, abort.signal); // service detection listens once per probe in flight
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const snapshot = await scanInterfaces();
      const result = await portScan(request, {
        interfaces: snapshot.interfaces,
        logger,
        signal: abort.signal,
        onProgress: (progress) => void connection.sendNotification(PortScanProgressNotification.type, progress),
      });
      const open = result.hosts.reduce((sum, host) => sum + host.ports.filter((p) => p.state === 'open').length, 0);
      logger.log(
        'info',
        `ports ${request.scanId}: ${result.method}, ${result.hosts.filter((h) => h.up).length}/${result.hosts.length} hosts up, ${open} open ports in ${result.durationMs} ms${result.cancelled ? ' (cancelled)' : ''}`,
      );
      for (const warning of result.warnings) logger.log('warn', warning);
      return result;
    } catch (error) {
      if (error instanceof ScanInputError)
        throw new ResponseError<NeedsConfirmationData>(error.code, error.message, { reasons: error.reasons });
      logger.log(
        'error',
        `ports ${request?.scanId} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      throw new ResponseError(-32603, error instanceof Error ? error.message : String(error));
    } finally {
      subscription.dispose();
    }
  });

  connection.onRequest(ShutdownRequest.type, async () => {
    bandwidth.stop();
    shuttingDown = true;
    logger.log('info', 'shutdown requested');
    // Live captures stop (closing their handles) and recordings are deleted before the exit.
    await captures.clear();
  });
  connection.onNotification(ExitNotification.type, () => io.exit(shuttingDown ? 0 : 1));
  connection.onClose(() => {
    bandwidth.stop();
    io.exit(shuttingDown ? 0 : 1);
  });
  connection.listen();
  return connection;
}
