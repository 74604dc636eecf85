import { readFileSync } from 'node:fs';

const CAP_NET_RAW = 13n;

/** What /proc says about this thread's privilege (Linux; elsewhere all false). */
export interface ThreadPrivilege {
  /** CAP_NET_RAW is in effect: this process can open capture handles itself */
  netRaw: boolean;
  /** no_new_privs is set (a sandbox): exec grants no file capabilities, so lanlens-capd gets none */
  noNewPrivs: boolean;
}

/** Reads this thread's capabilities (a thread's own: capabilities are per thread on Linux). */
export function readThreadPrivilege(statusText?: string): ThreadPrivilege {
  let text = statusText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/thread-self/status', 'utf8');
    } catch {
      return { netRaw: false, noNewPrivs: false };
    }
  }
  const effective = /^CapEff:\s*([0-9a-f]+)$/m.exec(text)?.[1];
  return {
    netRaw: effective !== undefined && ((BigInt(`0x${effective}`) >> CAP_NET_RAW) & 1n) === 1n,
    noNewPrivs: /^NoNewPrivs:\s*1$/m.test(text),
  };
}
