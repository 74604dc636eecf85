// User settings for the private VS Code profiles of `npm start` and the tests: a workbench that
// starts straight into the editor and stays offline, and LAN Lens confined to one lab subnet.

/** Keeps VS Code quiet and offline: no trust prompt, welcome page, chat, telemetry or marketplace. */
export const quietSettings: Record<string, unknown> = {
  'security.workspace.trust.enabled': false, // otherwise Restricted Mode disables extensions
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
};

/** The lab a profile's LAN Lens may scan. */
export interface LabTarget {
  /** the lab's /24 in CIDR notation */
  cidr: string;
  /** the lab's bridge, the scanner's side */
  bridge: string;
  /** a DNS server inside the lab, if it runs one */
  dnsIp?: string;
}

/**
 * LAN Lens scans only the lab: its subnet through its bridge, and names only from the lab's own DNS
 * server (or none), never the machine's subnet or resolver. The helper runs on the workbench's own
 * runtime, as it does for a user (lanLens.helper.nodePath stays empty).
 */
export function labSettings(lab: LabTarget): Record<string, unknown> {
  return {
    'lanLens.scan.subnets': [lab.cidr],
    'lanLens.scan.interface': lab.bridge,
    'lanLens.scan.resolveNames': lab.dnsIp !== undefined,
    'lanLens.scan.dnsServers': lab.dnsIp ? [lab.dnsIp] : [],
  };
}
