// The protocol hierarchy (tshark's io,phs) as rows of an indented table, and the share of each
// innermost protocol for the donut. Pure.
import type { ProtocolNode } from '../../shared/model/traffic';

/** One row of the hierarchy table, in display order (depth first, bigger first). */
export interface ProtocolRow {
  path: string;
  /** last segment of the path */
  name: string;
  /** 0 for the link layer */
  depth: number;
  frames: number;
  bytes: number;
}

/** Rows depth first; siblings by frames, most first, then by name. Orphans (missing parents) hang at their depth. */
export function protocolRows(nodes: Iterable<ProtocolNode>): ProtocolRow[] {
  const children = new Map<string, ProtocolNode[]>();
  const all = new Map<string, ProtocolNode>();
  for (const node of nodes) all.set(node.path, node);
  const roots: ProtocolNode[] = [];
  for (const node of all.values()) {
    const parent = parentPath(node.path);
    if (parent !== undefined && all.has(parent)) {
      let list = children.get(parent);
      if (!list) children.set(parent, (list = []));
      list.push(node);
    } else roots.push(node);
  }
  const order = (a: ProtocolNode, b: ProtocolNode) => b.frames - a.frames || (a.path < b.path ? -1 : 1);
  const rows: ProtocolRow[] = [];
  const visit = (node: ProtocolNode) => {
    const segments = node.path.split(':');
    rows.push({
      path: node.path,
      name: segments[segments.length - 1] ?? node.path,
      depth: segments.length - 1,
      frames: node.frames,
      bytes: node.bytes,
    });
    for (const child of (children.get(node.path) ?? []).sort(order)) visit(child);
  };
  for (const root of roots.sort(order)) visit(root);
  return rows;
}

/** One slice of the donut. */
export interface ProtocolShare {
  name: string;
  /** bytes whose innermost protocol is this one */
  bytes: number;
  frames: number;
}

/**
 * Bytes by innermost protocol: a node's bytes minus its children's, summed per protocol name
 * (`tls` under IPv4 and IPv6 is one slice). The biggest `top` slices, the rest as `other`.
 */
export function protocolShares(nodes: Iterable<ProtocolNode>, top = 7): ProtocolShare[] {
  const all = [...nodes];
  const childBytes = new Map<string, number>();
  const childFrames = new Map<string, number>();
  for (const node of all) {
    const parent = parentPath(node.path);
    if (parent === undefined) continue;
    childBytes.set(parent, (childBytes.get(parent) ?? 0) + node.bytes);
    childFrames.set(parent, (childFrames.get(parent) ?? 0) + node.frames);
  }
  const byName = new Map<string, ProtocolShare>();
  for (const node of all) {
    const bytes = node.bytes - (childBytes.get(node.path) ?? 0);
    const frames = node.frames - (childFrames.get(node.path) ?? 0);
    if (bytes <= 0 && frames <= 0) continue;
    const name = node.path.slice(node.path.lastIndexOf(':') + 1);
    const share = byName.get(name) ?? { name, bytes: 0, frames: 0 };
    share.bytes += Math.max(0, bytes);
    share.frames += Math.max(0, frames);
    byName.set(name, share);
  }
  const sorted = [...byName.values()].sort((a, b) => b.bytes - a.bytes || (a.name < b.name ? -1 : 1));
  if (sorted.length <= top + 1) return sorted;
  const rest = sorted
    .slice(top)
    .reduce((sum, share) => ({ name: 'other', bytes: sum.bytes + share.bytes, frames: sum.frames + share.frames }), {
      name: 'other',
      bytes: 0,
      frames: 0,
    });
  return [...sorted.slice(0, top), rest];
}

function parentPath(path: string): string | undefined {
  const cut = path.lastIndexOf(':');
  return cut < 0 ? undefined : path.slice(0, cut);
}
