// Reading back what a view persisted with setState: it may come from an older version of the
// view, or be damaged, so each field is checked and falls back to a default.

/** A loose record of persisted fields (undefined for anything that is not an object). */
export type Loose = Record<string, unknown> | undefined;

/** `value` as a record of fields, when it is an object. */
export function record(value: unknown): Loose {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** `value` when it is a string, else `fallback`. */
export function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

/** `value` when it is a boolean, else `fallback`. */
export function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/** `value` when it is one of `choices`, else `fallback`. */
export function oneOf<T>(value: unknown, choices: readonly T[], fallback: T): T {
  return choices.includes(value as T) ? (value as T) : fallback;
}
