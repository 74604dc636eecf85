import type { SettingKey } from './contributionIds';
import type { SettingReader } from './settingsParser';

/**
 * Typed readers over raw setting values for an area's parser: a bad value falls back to its
 * default and adds one sentence naming the setting to `problems`, never throws.
 */
export class SettingValues {
  readonly problems: string[] = [];

  constructor(private readonly read: SettingReader) {}

  boolean(key: SettingKey, fallback: boolean): boolean {
    const value = this.read(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'boolean') return value;
    this.problems.push(`${key} must be true or false; using ${fallback}.`);
    return fallback;
  }

  number(key: SettingKey, fallback: number, min: number, max: number, integer = true): number {
    const value = this.read(key);
    if (value === undefined || value === null) return fallback;
    const valid = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value));
    if (valid && value >= min && value <= max) return value;
    const kind = integer ? 'a whole number' : 'a number';
    const range = max === Infinity ? `at least ${min}` : `from ${min} to ${max}`;
    this.problems.push(`${key} must be ${kind} ${range}; using ${fallback} instead of ${JSON.stringify(value)}.`);
    return fallback;
  }

  choice<T extends string>(key: SettingKey, fallback: T, allowed: readonly T[]): T {
    const value = this.read(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${key} must be one of ${allowed.join(', ')}; using ${fallback}.`);
    return fallback;
  }

  text(key: SettingKey): string {
    const value = this.read(key);
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value.trim();
    this.problems.push(`${key} must be a string; ignoring ${JSON.stringify(value)}.`);
    return '';
  }
}
