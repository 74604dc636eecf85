/**
 * Every id the manifest contributes, typed once. test/unit/extension/contributionIds.test.ts checks
 * these against package.json in both directions, so a rename cannot leave a dead command or setting.
 */

/** Command ids (`lanLens.verbNoun`). */
export const CommandId = {
  scanLan: 'lanLens.scanLan',
  rescan: 'lanLens.rescan',
  copyIp: 'lanLens.copyIp',
  copyMac: 'lanLens.copyMac',
  showHelperLog: 'lanLens.showHelperLog',
  showTraffic: 'lanLens.showTraffic',
  showTopology: 'lanLens.showTopology',
  exportTraffic: 'lanLens.exportTraffic',
  startCapture: 'lanLens.startCapture',
  stopCapture: 'lanLens.stopCapture',
  saveCapture: 'lanLens.saveCapture',
  scanPorts: 'lanLens.scanPorts',
  openInBrowser: 'lanLens.openInBrowser',
  copyNmapCommand: 'lanLens.copyNmapCommand',
  grantCapturePermission: 'lanLens.grantCapturePermission',
  revokeCapturePermission: 'lanLens.revokeCapturePermission',
  showProcessTraffic: 'lanLens.showProcessTraffic',
  showDebugTraffic: 'lanLens.showDebugTraffic',
  showHistory: 'lanLens.showHistory',
  forgetDevice: 'lanLens.forgetDevice',
  generateReport: 'lanLens.generateReport',
  showAlerts: 'lanLens.showAlerts',
  acknowledgeAlert: 'lanLens.acknowledgeAlert',
  acknowledgeAllAlerts: 'lanLens.acknowledgeAllAlerts',
  clearAlert: 'lanLens.clearAlert',
  clearAllAlerts: 'lanLens.clearAllAlerts',
  revealAlertDevice: 'lanLens.revealAlertDevice',
  setEmailPassword: 'lanLens.setEmailPassword',
  sendTestEmail: 'lanLens.sendTestEmail',
  rotateEventLogKey: 'lanLens.rotateEventLogKey',
  exportEventLogKey: 'lanLens.exportEventLogKey',
} as const;

/** A command id contributed in package.json. */
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Setting keys (`lanLens.area.key`). */
export const SettingKey = {
  scanInterface: 'lanLens.scan.interface',
  scanSubnets: 'lanLens.scan.subnets',
  scanTimeoutMs: 'lanLens.scan.timeoutMs',
  scanRetries: 'lanLens.scan.retries',
  scanResolveNames: 'lanLens.scan.resolveNames',
  scanDnsServers: 'lanLens.scan.dnsServers',
  helperNodePath: 'lanLens.helper.nodePath',
  trafficInterface: 'lanLens.traffic.interface',
  trafficShowStatusBar: 'lanLens.traffic.showStatusBar',
  trafficAlertDownBytesPerSecond: 'lanLens.traffic.alertDownBytesPerSecond',
  trafficAlertUpBytesPerSecond: 'lanLens.traffic.alertUpBytesPerSecond',
  trafficAlertSeconds: 'lanLens.traffic.alertSeconds',
  captureSnaplen: 'lanLens.capture.snaplen',
  capturePromiscuous: 'lanLens.capture.promiscuous',
  captureBufferMiB: 'lanLens.capture.bufferMiB',
  captureMaxFileMiB: 'lanLens.capture.maxFileMiB',
  captureIpfix: 'lanLens.capture.ipfix',
  captureIpfixActiveTimeout: 'lanLens.capture.ipfixActiveTimeout',
  captureIpfixIdleTimeout: 'lanLens.capture.ipfixIdleTimeout',
  portsDefaultSet: 'lanLens.ports.defaultSet',
  portsMethod: 'lanLens.ports.method',
  portsUdp: 'lanLens.ports.udp',
  portsServiceDetection: 'lanLens.ports.serviceDetection',
  portsOsDetection: 'lanLens.ports.osDetection',
  portsMaxRate: 'lanLens.ports.maxRate',
  historyRetentionDays: 'lanLens.history.retentionDays',
  historyMaxSizeMiB: 'lanLens.history.maxSizeMiB',
  historyReportsSchedule: 'lanLens.history.reports.schedule',
  historyReportsFormat: 'lanLens.history.reports.format',
  historyReportsFolder: 'lanLens.history.reports.folder',
  // The alert rules' settings (bounds and defaults in src/shared/alerts/alertRules.ts).
  alertsNewDeviceEnabled: 'lanLens.alerts.newDevice.enabled',
  alertsNewDeviceLearningSeconds: 'lanLens.alerts.newDevice.learningSeconds',
  alertsArpSpoofingEnabled: 'lanLens.alerts.arpSpoofing.enabled',
  alertsArpSpoofingFlipFlopSeconds: 'lanLens.alerts.arpSpoofing.flipFlopSeconds',
  alertsArpSpoofingManyAddresses: 'lanLens.alerts.arpSpoofing.manyAddresses',
  alertsArpSpoofingManyAddressesSeconds: 'lanLens.alerts.arpSpoofing.manyAddressesSeconds',
  alertsPortScanEnabled: 'lanLens.alerts.portScan.enabled',
  alertsPortScanPorts: 'lanLens.alerts.portScan.ports',
  alertsPortScanHosts: 'lanLens.alerts.portScan.hosts',
  alertsPortScanWindowSeconds: 'lanLens.alerts.portScan.windowSeconds',
  alertsBandwidthHostBytesPerSecond: 'lanLens.alerts.bandwidth.hostBytesPerSecond',
  alertsSpikesEnabled: 'lanLens.alerts.spikes.enabled',
  alertsSpikesFactor: 'lanLens.alerts.spikes.factor',
  alertsSpikesMinimumBytesPerSecond: 'lanLens.alerts.spikes.minimumBytesPerSecond',
  alertsSpikesBaselineMinutes: 'lanLens.alerts.spikes.baselineMinutes',
  alertsSpikesSeconds: 'lanLens.alerts.spikes.seconds',
  alertsWatchedDevicesDevices: 'lanLens.alerts.watchedDevices.devices',
  alertsWatchedDevicesOfflineSeconds: 'lanLens.alerts.watchedDevices.offlineSeconds',
  alertsWatchedDevicesProbeSeconds: 'lanLens.alerts.watchedDevices.probeSeconds',
  alertsNewOpenPortEnabled: 'lanLens.alerts.newOpenPort.enabled',
  debugShowTrafficOnStart: 'lanLens.debug.showTrafficOnStart',
  alertsNotificationsMinimumSeverity: 'lanLens.alerts.notifications.minimumSeverity',
  alertsNotificationsIntervalSeconds: 'lanLens.alerts.notifications.intervalSeconds',
  alertsDeliveryWebhookUrl: 'lanLens.alerts.delivery.webhook.url',
  alertsDeliveryWebhookMinimumSeverity: 'lanLens.alerts.delivery.webhook.minimumSeverity',
  alertsDeliveryEmailHost: 'lanLens.alerts.delivery.email.host',
  alertsDeliveryEmailPort: 'lanLens.alerts.delivery.email.port',
  alertsDeliveryEmailSecurity: 'lanLens.alerts.delivery.email.security',
  alertsDeliveryEmailUser: 'lanLens.alerts.delivery.email.user',
  alertsDeliveryEmailFrom: 'lanLens.alerts.delivery.email.from',
  alertsDeliveryEmailTo: 'lanLens.alerts.delivery.email.to',
  alertsDeliveryEmailMinimumSeverity: 'lanLens.alerts.delivery.email.minimumSeverity',
  alertsDeliveryEmailCaFile: 'lanLens.alerts.delivery.email.caFile',
  eventLogEnabled: 'lanLens.eventLog.enabled',
} as const;

/** A setting key contributed in package.json. */
export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];

/** The activity-bar container. */
export const ViewContainerId = { lanLens: 'lanLens' } as const;

/** VS Code's own view containers that hold a LAN Lens view: Run and Debug holds the debuggee's Network. */
export const BuiltInViewContainerId = { debug: 'debug' } as const;

/** Views inside the containers. */
export const ViewId = {
  devices: 'lanLens.devices',
  alerts: 'lanLens.alerts',
  debugNetwork: 'lanLens.debugNetwork',
} as const;

/** Webview panels restored by a serializer (`onWebviewPanel:` activation). */
export const PanelId = {
  traffic: 'lanLens.traffic',
  topology: 'lanLens.topology',
  processTraffic: 'lanLens.processTraffic',
  debugTraffic: 'lanLens.debugTraffic',
  history: 'lanLens.history',
} as const;

/** Custom editors. */
export const CustomEditorId = { pcapViewer: 'lanLens.pcapViewer' } as const;

/** `TreeItem.contextValue`s, matched by `viewItem` in the menus' `when` clauses. */
export const ContextValue = {
  group: 'group',
  device: 'device',
  /** a device with a known MAC, so "Copy MAC" applies */
  deviceWithMac: 'deviceWithMac',
  /** a device known from the history, offline now, so "Forget Device" applies */
  offlineDevice: 'offlineDevice',
  /** an open port of a device */
  port: 'port',
  /** an open port that serves HTTP(S), so "Open in Browser" applies */
  portHttp: 'portHttp',
  /** an alert not yet acknowledged */
  alert: 'alert',
  /** an acknowledged alert */
  alertAcknowledged: 'alertAcknowledged',
} as const;

/** Context keys LAN Lens sets for `when` clauses. */
export const ContextKey = {
  /** a live capture is starting, running or stopping */
  capturing: 'lanLens.capturing',
  /** a capture's recording can be saved */
  captureSaveable: 'lanLens.captureSaveable',
  /** how capture gets its privilege: a CaptureAccess (`process`, `granted`, `not-granted`, `broken`, `unavailable`) */
  captureAccess: 'lanLens.captureAccess',
} as const;

/** A context value of a node in the devices tree. */
export type ContextValue = (typeof ContextValue)[keyof typeof ContextValue];
