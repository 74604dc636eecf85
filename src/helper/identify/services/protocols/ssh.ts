import { cleanField } from '../printable';
import type { ServiceMatch, ServiceProbe } from '../serviceProbe';
import { firstLine, hasLine } from '../serviceProbe';

// Software names in the SSH identification string (RFC 4253 §4.2) as nmap prints the products.
const products: { pattern: RegExp; product: string; os?: string }[] = [
  { pattern: /^OpenSSH_for_Windows_(\S+)/, product: 'OpenSSH for_Windows', os: 'Windows' },
  { pattern: /^OpenSSH_(\S+)/, product: 'OpenSSH' },
  { pattern: /^dropbear_(\S+)/i, product: 'Dropbear sshd', os: 'Linux' },
  { pattern: /^ROSSSH/, product: 'MikroTik RouterOS sshd', os: 'Linux' },
  { pattern: /^libssh[_-](\S+)/, product: 'libssh' },
  { pattern: /^Cisco-(\S+)/, product: 'Cisco SSH', os: 'IOS' },
  { pattern: /^paramiko_(\S+)/, product: 'Paramiko Python sshd' },
  { pattern: /^AsyncSSH_(\S+)/, product: 'AsyncSSH sshd' },
  { pattern: /^Go/, product: 'Golang x/crypto/ssh server' },
];

/** Reads an SSH identification string: `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`. */
export function parseSshBanner(answer: Buffer): ServiceMatch | undefined {
  const line = firstLine(answer, 300);
  const match = /^SSH-(\d+\.\d+)-(\S+)(?: (.*))?$/.exec(line);
  if (!match) return undefined;
  const [, protocol, software, comment] = match as unknown as [string, string, string, string | undefined];
  const result: ServiceMatch = { name: 'ssh', confidence: 1, extraInfo: `protocol ${protocol}` };
  for (const { pattern, product, os } of products) {
    const found = pattern.exec(software);
    if (!found) continue;
    result.product = product;
    let version = found[1];
    // nmap joins the comment's distribution and package revision into the version: 9.2p1 Debian 2+deb12u3.
    const distro = comment ? /^(Debian|Ubuntu|Raspbian)[-_ ](\S+)/.exec(comment) : null;
    if (version && distro) version = `${version} ${distro[1]} ${distro[2]}`;
    else if (version && comment && /^(Debian|Ubuntu|Raspbian)$/.test(comment)) version = `${version} ${comment}`;
    result.version = cleanField(version);
    if (comment && /ubuntu/i.test(comment)) result.extraInfo = `Ubuntu Linux; protocol ${protocol}`;
    const freebsd = comment ? /^FreeBSD-(\d+)$/.exec(comment) : null;
    if (freebsd) result.extraInfo = `FreeBSD ${freebsd[1]}; protocol ${protocol}`;
    result.osHint =
      os ??
      (comment && /Debian|Ubuntu|Raspbian/i.test(comment)
        ? 'Linux'
        : comment && /FreeBSD/.test(comment)
          ? 'FreeBSD'
          : undefined);
    return result;
  }
  result.product = cleanField(software.replace(/_/g, ' '));
  result.confidence = 0.9;
  return result;
}

export const ssh: ServiceProbe = {
  id: 'ssh',
  serverFirst: true,
  ports: [22, 2222, 22222],
  complete: hasLine,
  parse: parseSshBanner,
};
