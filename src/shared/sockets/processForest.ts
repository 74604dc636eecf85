// The watched processes as a tree, the one rule the Run and Debug view and the traffic panel draw
// it by: each process under its parent when the parent is listed too.
import type { ProcessEntry } from '../model/sockets';

/** A process and its listed children. */
export interface ProcessTreeNode {
  entry: ProcessEntry;
  children: ProcessTreeNode[];
}

/** A process as a line of the tree drawn flat: its depth (1 for a root) and whether children follow. */
export interface ProcessTreeLine {
  entry: ProcessEntry;
  level: number;
  hasChildren: boolean;
}

/**
 * The forest of `entries`: a process's parent is the listed process with its ppid that started
 * no later than it (a reused pid is someone else); siblings in `order`. A loop (only reused pids
 * can make one) is cut where it is first met.
 */
export function processForest(
  entries: readonly ProcessEntry[],
  order: (a: ProcessEntry, b: ProcessEntry) => number = (a, b) => a.pid - b.pid,
): ProcessTreeNode[] {
  const nodes = entries.map((entry) => ({ entry, children: [] as ProcessTreeNode[] }));
  const byPid = new Map<number, ProcessTreeNode[]>();
  for (const node of nodes) byPid.set(node.entry.pid, [...(byPid.get(node.entry.pid) ?? []), node]);
  const parentOf = (node: ProcessTreeNode): ProcessTreeNode | undefined => {
    let parent: ProcessTreeNode | undefined;
    for (const candidate of byPid.get(node.entry.ppid) ?? [])
      if (
        candidate !== node &&
        candidate.entry.startTime <= node.entry.startTime &&
        (!parent || candidate.entry.startTime > parent.entry.startTime)
      )
        parent = candidate;
    return parent;
  };
  const parents = new Map(nodes.map((node) => [node, parentOf(node)]));
  for (const [node, parent] of parents) parent?.children.push(node);
  const sorted = (list: ProcessTreeNode[]) => list.sort((a, b) => order(a.entry, b.entry));
  const roots = nodes.filter((node) => !parents.get(node));
  // Whatever no root reaches sits in a loop: it becomes a root, cut from its parent.
  const reached = new Set<ProcessTreeNode>();
  const reach = (node: ProcessTreeNode): void => {
    reached.add(node);
    node.children = node.children.filter((child) => !reached.has(child));
    node.children.forEach(reach);
  };
  roots.forEach(reach);
  for (const node of nodes)
    if (!reached.has(node)) {
      parents.get(node)!.children = parents.get(node)!.children.filter((child) => child !== node);
      roots.push(node);
      reach(node);
    }
  const sortAll = (list: ProcessTreeNode[]): ProcessTreeNode[] => {
    for (const node of list) sortAll(node.children);
    return sorted(list);
  };
  return sortAll(roots);
}

/** The forest as lines, each parent before its children (depth first). */
export function processTreeLines(forest: readonly ProcessTreeNode[]): ProcessTreeLine[] {
  const lines: ProcessTreeLine[] = [];
  const walk = (node: ProcessTreeNode, level: number): void => {
    lines.push({ entry: node.entry, level, hasChildren: node.children.length > 0 });
    for (const child of node.children) walk(child, level + 1);
  };
  for (const root of forest) walk(root, 1);
  return lines;
}
