import type { ProtocolNode } from '../../shared/model/traffic';
import { NETWORK_AT, TAIL_AT } from './hierarchyKey';

const CACHE_SIZE = 64;

/**
 * The protocol hierarchy (tshark `-z io,phs`): one node per path of protocols from the link
 * layer, counting the frames that reached it and their bytes. A packet's path is named by a
 * small integer key the aggregator computes from the decoded layers; the first packet with a key
 * registers its path, later ones find the chain of node numbers and add to each.
 */
export class ProtocolHierarchy {
  private readonly paths: string[] = [];
  private frames = new Float64Array(64);
  private bytes = new Float64Array(64);
  private readonly byPath = new Map<string, number>();
  private readonly chains = new Map<number, Int32Array>();
  private dirty = new Uint8Array(64);
  private dirtyNodes: number[] = [];

  /** a small direct-mapped cache in front of `chains`: packets mostly take a handful of paths */
  private readonly cachedKeys = new Int32Array(CACHE_SIZE).fill(-1);
  private readonly cachedChains: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(CACHE_SIZE).fill(
    undefined,
  );

  /** the node chain of a known key, or undefined for a key seen for the first time */
  chain(key: number): Int32Array | undefined {
    // Fold the network, transport and tail bits (hierarchyKey's layout) onto the link bits.
    const at = (key ^ (key >>> NETWORK_AT) ^ (key >>> TAIL_AT)) & (CACHE_SIZE - 1);
    if (this.cachedKeys[at] === key) return this.cachedChains[at];
    const chain = this.chains.get(key);
    if (chain) {
      this.cachedKeys[at] = key;
      this.cachedChains[at] = chain;
    }
    return chain;
  }

  /** registers the path of `key`, outermost protocol first ('eth', 'ip', 'tcp', 'tls') */
  register(key: number, names: readonly string[]): Int32Array {
    const chain = this.chainOf(names);
    this.chains.set(key, chain);
    return chain;
  }

  /** the node chain of a path, its nodes made as needed (tunnelled paths keep theirs in their own trie) */
  chainOf(names: readonly string[]): Int32Array {
    const chain = new Int32Array(names.length);
    let path = '';
    names.forEach((name, depth) => {
      path = depth === 0 ? name : `${path}:${name}`;
      chain[depth] = this.nodeOf(path);
    });
    return chain;
  }

  /** counts a frame of `length` bytes along `chain` */
  count(chain: Int32Array, length: number): void {
    for (let i = 0; i < chain.length; i++) {
      const node = chain[i]!;
      this.frames[node] = this.frames[node]! + 1;
      this.bytes[node] = this.bytes[node]! + length;
      if (this.dirty[node] === 0) {
        this.dirty[node] = 1;
        this.dirtyNodes.push(node);
      }
    }
  }

  /** every node, parents before children in the order first seen */
  all(): ProtocolNode[] {
    return this.paths.map((path, node) => ({ path, frames: this.frames[node]!, bytes: this.bytes[node]! }));
  }

  /** nodes that changed since the previous call */
  takeChanged(): ProtocolNode[] {
    const changed = this.dirtyNodes.map((node) => {
      this.dirty[node] = 0;
      return { path: this.paths[node]!, frames: this.frames[node]!, bytes: this.bytes[node]! };
    });
    this.dirtyNodes = [];
    return changed;
  }

  /** folds in the hierarchy of the part of the capture that came after this one's (`all()` there) */
  absorb(nodes: readonly ProtocolNode[]): void {
    for (const { path, frames, bytes } of nodes) {
      const node = this.nodeOf(path);
      this.frames[node] = this.frames[node]! + frames;
      this.bytes[node] = this.bytes[node]! + bytes;
      if (this.dirty[node] === 0) {
        this.dirty[node] = 1;
        this.dirtyNodes.push(node);
      }
    }
  }

  /** the node of `path`, created (after its parent's, as callers go outermost first) when new */
  private nodeOf(path: string): number {
    let node = this.byPath.get(path);
    if (node === undefined) {
      node = this.paths.length;
      this.paths.push(path);
      this.byPath.set(path, node);
      if (node >= this.frames.length) this.grow();
    }
    return node;
  }

  private grow(): void {
    const size = this.frames.length * 2;
    const frames = new Float64Array(size);
    frames.set(this.frames);
    const bytes = new Float64Array(size);
    bytes.set(this.bytes);
    const dirty = new Uint8Array(size);
    dirty.set(this.dirty);
    this.frames = frames;
    this.bytes = bytes;
    this.dirty = dirty;
  }
}
