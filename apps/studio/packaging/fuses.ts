import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';

// Electron fuses (security checklist item 19): features compiled into the binary that the packaged app
// turns off for good. Every fuse the wire has is set explicitly (strictlyRequireAllFuses), so an Electron
// upgrade that adds one fails the packaging step until someone decides its value here.
export const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // ELECTRON_RUN_AS_NODE would turn the app into a general Node.js interpreter.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS / --inspect let anyone who can set the environment or arguments run code in the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Only the signed app.asar is loaded, and its embedded hash is checked where Electron supports it.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Pages come from app://, never file://.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // WebAssembly trap handlers keep bounds checks cheap for the SIMD kernels.
  [FuseV1Options.WasmTrapHandlers]: true,
} as const satisfies FuseV1Config;

/** Flips the fuses of a packaged Electron executable, then reads them back and fails on any difference. */
export async function applyFuses(executable: string): Promise<void> {
  await flipFuses(executable, FUSES);
  const wire = await getCurrentFuseWire(executable);
  for (const key of Object.values(FuseV1Options).filter((v): v is FuseV1Options => typeof v === 'number')) {
    const want = FUSES[key] ? FuseState.ENABLE : FuseState.DISABLE;
    if (wire[key] !== want) throw new Error(`fuse ${FuseV1Options[key]} is ${FuseState[wire[key]!] ?? 'missing'} in ${executable}, expected ${FuseState[want]}`);
  }
}
