import { createHash } from 'node:crypto';

/** RFC 6962 §2.1: leaves and interior nodes hash with different prefixes, so one can never pass for the other. */
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function leafHash(data: Buffer): Buffer {
  return createHash('sha256').update(LEAF).update(data).digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/**
 * The Merkle tree hash (RFC 6962) of a growing list of leaves, added one at a time. It keeps only the
 * roots of the perfect subtrees along the right edge (log n of them): the tree hash of the first n
 * leaves folds them from the right, which is the RFC's recursive split at the largest power of two.
 * So a verifier walks the history once and checks every seal on the way.
 */
export class MerkleFrontier {
  /** [subtree root, leaf count], largest (leftmost) first; counts are distinct powers of two, decreasing. */
  private readonly subtrees: [Buffer, number][] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(data: Buffer): void {
    let node: [Buffer, number] = [leafHash(data), 1];
    for (;;) {
      const last = this.subtrees[this.subtrees.length - 1];
      if (!last || last[1] !== node[1]) break;
      this.subtrees.pop();
      node = [nodeHash(last[0], node[0]), last[1] * 2];
    }
    this.subtrees.push(node);
    this.count += 1;
  }

  /** The tree hash of the leaves added so far, hex; of none, the hash of the empty string. */
  root(): string {
    if (this.subtrees.length === 0) return createHash('sha256').digest('hex');
    let acc = this.subtrees[this.subtrees.length - 1]![0];
    for (let i = this.subtrees.length - 2; i >= 0; i--) acc = nodeHash(this.subtrees[i]![0], acc);
    return acc.toString('hex');
  }
}
