import { Inject, Injectable } from '@nestjs/common';
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject, sign } from 'node:crypto';
import { PLATFORM_CONFIG, type PlatformConfig } from '#lib/core';
import { masterKeyOf } from '#lib/privacy';

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The platform's Ed25519 key for a seed: a key derived from the master key, so every process of a deployment signs alike. */
export function signingKeyFromSeed(seed: Buffer): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export interface PackageSigner {
  sign(bytes: Buffer): Buffer;
  /** SPKI PEM: what a receiver checks the signature with. */
  readonly publicKeyPem: string;
}

/**
 * Signs child protection file packages. The key is derived (HKDF-SHA256) from MASTER_KEY with a label
 * of its own: nothing new to keep secret, and the key wrapping data keys is never used to sign.
 */
@Injectable()
export class PackageSigning implements PackageSigner {
  private key: { privateKey: KeyObject; publicKey: KeyObject } | null = null;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  async ready(): Promise<this> {
    if (!this.key) {
      const master = await masterKeyOf(this.config);
      this.key = signingKeyFromSeed(Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'cp-transfer-package-signing/v1', 32)));
    }
    return this;
  }

  sign(bytes: Buffer): Buffer {
    return sign(null, bytes, this.loaded().privateKey);
  }

  get publicKeyPem(): string {
    return this.loaded().publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  private loaded() {
    if (!this.key) throw new Error('PackageSigning used before ready()');
    return this.key;
  }
}
