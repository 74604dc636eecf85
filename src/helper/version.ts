declare const LANLENS_VERSION: string | undefined;

/** LAN Lens's version, injected by the build; "dev" when running from source. */
export const helperVersion: string = typeof LANLENS_VERSION === 'string' ? LANLENS_VERSION : 'dev';
