import type { CaptureStartParams } from '../../shared/helperProtocol';
import { FLOW_EXPORT_DEFAULTS, FLOW_EXPORT_LIMITS, parseCollectorAddress } from '../../shared/traffic/flowExport';
import { SettingKey } from '../contributionIds';
import type { SettingReader } from '../settingsParser';
import { SettingValues } from '../settingValues';
import { UserFacingError } from '../userFacingError';

const MIB = 1024 * 1024;

/** How captures are opened, from the `lanLens.capture.*` settings. */
export type CaptureSettings = Required<
  Pick<CaptureStartParams, 'snaplen' | 'promiscuous' | 'bufferSizeBytes' | 'record'>
> &
  Pick<CaptureStartParams, 'maxFileBytes' | 'ipfix'>;

/** The capture settings, one sentence per bad value, and (a bad IPFIX collector) why no capture may start. */
export interface ParsedCaptureSettings {
  settings: CaptureSettings;
  problems: string[];
  refusal?: string;
}

/** Validates the capture settings; bad values fall back to their defaults and are reported. */
export function parseCaptureSettings(read: SettingReader): ParsedCaptureSettings {
  const values = new SettingValues(read);
  const maxFileMiB = values.number(SettingKey.captureMaxFileMiB, 1024, 0, 1024 * 1024);
  const settings: CaptureSettings = {
    snaplen: values.number(SettingKey.captureSnaplen, 262144, 64, 262144),
    promiscuous: values.boolean(SettingKey.capturePromiscuous, true),
    bufferSizeBytes: values.number(SettingKey.captureBufferMiB, 16, 1, 1024) * MIB,
    // 0 keeps no recording at all: nothing to save, nothing written to disk.
    record: maxFileMiB > 0,
    maxFileBytes: maxFileMiB > 0 ? maxFileMiB * MIB : undefined,
  };
  const collector = values.text(SettingKey.captureIpfix);
  if (!collector) return { settings, problems: values.problems };
  const parsed = parseCollectorAddress(collector);
  if (typeof parsed === 'string') {
    const refusal = `${SettingKey.captureIpfix}: ${parsed}. Correct it, or clear it to capture without IPFIX export.`;
    return { settings, problems: values.problems, refusal };
  }
  const { activeTimeoutS: active, idleTimeoutS: idle } = FLOW_EXPORT_LIMITS;
  settings.ipfix = {
    collector,
    activeTimeoutS: values.number(
      SettingKey.captureIpfixActiveTimeout,
      FLOW_EXPORT_DEFAULTS.activeTimeoutS,
      active.min,
      active.max,
    ),
    idleTimeoutS: values.number(
      SettingKey.captureIpfixIdleTimeout,
      FLOW_EXPORT_DEFAULTS.idleTimeoutS,
      idle.min,
      idle.max,
    ),
  };
  return { settings, problems: values.problems };
}

/**
 * The capture settings as they are now, bad values logged and replaced by their defaults; throws
 * (with a button to the setting) when the IPFIX collector is not HOST:PORT: a capture the user
 * asked to export must not run silently without it.
 */
export function currentCaptureSettings(read: SettingReader, warn: (message: string) => void): CaptureSettings {
  const { settings, problems, refusal } = parseCaptureSettings(read);
  for (const problem of problems) warn(`Setting ignored: ${problem}`);
  if (refusal) throw new UserFacingError(refusal, { kind: 'openSetting', setting: SettingKey.captureIpfix });
  return settings;
}
