/**
 * Libraries the pack test builds, packs, installs together and runs the README examples of.
 * Add yours here once its README has a ```js example block (see tools/pack-test/README.md).
 * Order does not matter: all tarballs are installed in one `npm install`.
 */
export const PACKED_LIBS: readonly string[] = [
  'core-tensor',
  'autodiff',
  'layers',
  'losses',
  'optimizers',
  'schedulers',
  'data',
  'train',
  'export',
];
