import type { CaptureStartParams } from '../../shared/helperProtocol';
import { SettingKey } from '../contributionIds';
import type { SettingReader } from '../settingsParser';
import { SettingValues } from '../settingValues';

const MIB = 1024 * 1024;

/** How captures are opened, from the `lanLens.capture.*` settings. */
export type CaptureSettings = Required<
  Pick<CaptureStartParams, 'snaplen' | 'promiscuous' | 'bufferSizeBytes' | 'record'>
> &
  Pick<CaptureStartParams, 'maxFileBytes'>;

/** Validates the capture settings; bad values fall back to their defaults and are reported. */
export function parseCaptureSettings(read: SettingReader): { settings: CaptureSettings; problems: string[] } {
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
  return { settings, problems: values.problems };
}

/** The capture settings as they are now, bad values logged and replaced by their defaults. */
export function currentCaptureSettings(read: SettingReader, warn: (message: string) => void): CaptureSettings {
  const { settings, problems } = parseCaptureSettings(read);
  for (const problem of problems) warn(`Setting ignored: ${problem}`);
  return settings;
}
