import { createHash } from 'node:crypto';
import { leafHash, MerkleFrontier, nodeHash } from './merkle.js';

/** RFC 6962 §2.1 as written: MTH(D[n]) = H(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n. */
function rfcTreeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(rfcTreeHash(leaves.slice(0, k)), rfcTreeHash(leaves.slice(k)));
}

const leaf = (i: number) => createHash('sha256').update(`event ${i}`).digest();

describe('the Merkle tree hash of the event history (RFC 6962)', () => {
  it('given no leaves, is the hash of the empty string', () => {
    expect(new MerkleFrontier().root()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('given one leaf, is the leaf hash with its 0x00 prefix, not the plain hash', () => {
    const f = new MerkleFrontier();
    f.add(Buffer.from('x'));
    expect(f.root()).toBe(
      createHash('sha256')
        .update(Buffer.from([0, 0x78]))
        .digest('hex'),
    );
    expect(f.root()).not.toBe(createHash('sha256').update('x').digest('hex'));
  });

  it('when leaves are added one at a time, equals the recursive definition after every one (1 to 70 leaves)', () => {
    const f = new MerkleFrontier();
    const leaves: Buffer[] = [];
    for (let i = 0; i < 70; i++) {
      leaves.push(leaf(i));
      f.add(leaf(i));
      expect({ n: f.size, root: f.root() }).toEqual({ n: i + 1, root: rfcTreeHash(leaves).toString('hex') });
    }
  });

  it('changes when any one leaf changes, or two leaves swap', () => {
    const rootOf = (leaves: Buffer[]) => {
      const f = new MerkleFrontier();
      for (const l of leaves) f.add(l);
      return f.root();
    };
    const leaves = Array.from({ length: 13 }, (_, i) => leaf(i));
    const original = rootOf(leaves);
    for (let i = 0; i < leaves.length; i++) {
      const edited = [...leaves];
      edited[i] = leaf(100 + i);
      expect(rootOf(edited)).not.toBe(original);
    }
    const swapped = [...leaves];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(rootOf(swapped)).not.toBe(original);
  });
});
