// Library versions written into every run record. A test checks them against the package.json files,
// so this table cannot silently drift (a browser bundle cannot read package.json at run time).
export const LIBRARY_VERSIONS: Readonly<Record<string, string>> = Object.freeze({
  '@descent/core-tensor': '0.1.0',
  '@descent/autodiff': '0.1.0',
  '@descent/layers': '0.1.0',
  '@descent/losses': '0.1.0',
  '@descent/optimizers': '0.1.0',
  '@descent/schedulers': '0.1.0',
  '@descent/data': '0.1.0',
  '@descent/train': '0.1.0',
});
