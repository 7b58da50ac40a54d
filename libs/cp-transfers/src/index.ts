export * from './domain/index.js';
export * from './cp-transfer-alert-rules.js';
export {
  canonicalJson,
  contentHashOf,
  readPackage,
  sha256Hex,
  verifyPackage,
  type ChildProtectionFile,
  type PackageVerification,
} from './cp-transfer-package.js';
export * from './cp-transfers.module.js';
export * from './cp-transfers.projection.js';
