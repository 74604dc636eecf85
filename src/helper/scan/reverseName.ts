/** The reverse-lookup name of an IPv4 address, e.g. `11.0.213.10.in-addr.arpa`. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** The IPv4 address a reverse-lookup name stands for; undefined for anything else. */
export function addressOfReverseName(name: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa\.?$/i.exec(name);
  return match ? [match[4], match[3], match[2], match[1]].join('.') : undefined;
}

/**
 * Keeps a hostname only if it is printable and of sane length: names come from strangers, and a
 * control character in a tree label or a terminal table is an attack, not a name.
 */
export function cleanHostname(name: string): string | undefined {
  const trimmed = name.replace(/\.$/, '').trim();
  if (trimmed.length === 0 || trimmed.length > 253) return undefined;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed)) return undefined;
  return trimmed;
}

/**
 * A name as the DNS holds it: the resolver (c-ares) answers in presentation format, where special
 * characters are escaped (`alert\(1\)`, `\032` for a space); shown as such, the name would not be the
 * one the network announced.
 */
export function unescapeDnsName(name: string): string {
  return name.replace(/\\(\d{3}|[^])/g, (_, escaped: string) =>
    escaped.length === 3 ? String.fromCharCode(Number(escaped)) : escaped,
  );
}
