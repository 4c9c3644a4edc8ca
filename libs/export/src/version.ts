// The package version, written into every generated file (a test keeps it equal to package.json's: a
// browser bundle cannot read package.json at run time).
export const EXPORT_VERSION = '0.1.0';
