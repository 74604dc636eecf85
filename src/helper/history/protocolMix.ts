import type { ProtocolTotals } from '../../shared/model/history';

/**
 * The protocol mix from protocol-hierarchy counts (tshark's `-z io,phs` paths such as
 * `eth:ip:tcp:tls`): a frame counts at every level of its path, so each path keeps only the
 * frames no longer path holds, and those are summed by the path's last protocol. A TLS frame
 * counts as tls, a bare TCP segment as tcp, and the totals add up to the frames captured.
 */
export function exclusiveProtocols(paths: ReadonlyMap<string, { frames: number; bytes: number }>): ProtocolTotals[] {
  const own = new Map<string, { frames: number; bytes: number }>();
  for (const [path, counts] of paths) own.set(path, { ...counts });
  for (const [path, counts] of paths) {
    const parent = path.slice(0, Math.max(0, path.lastIndexOf(':')));
    const parentCounts = parent ? own.get(parent) : undefined;
    if (!parentCounts) continue;
    parentCounts.frames -= counts.frames;
    parentCounts.bytes -= counts.bytes;
  }
  const byProtocol = new Map<string, ProtocolTotals>();
  for (const [path, counts] of own) {
    if (counts.frames <= 0) continue;
    const protocol = path.slice(path.lastIndexOf(':') + 1);
    const sum = byProtocol.get(protocol) ?? { protocol, frames: 0, bytes: 0 };
    sum.frames += counts.frames;
    sum.bytes += Math.max(0, counts.bytes);
    byProtocol.set(protocol, sum);
  }
  return [...byProtocol.values()];
}
