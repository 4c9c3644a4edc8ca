// @descent/export: take a run elsewhere. A PyTorch script that trains it again with the same numbers, an ONNX
// model of the network for inference, and a TypeScript script that reruns it with the @descent packages.
export { toPytorchScript, torchOptimizerArgs, torchSchedulerCall, DEFAULT_EMBED_LIMIT, type TorchExportOptions, type TorchExport } from './torch-script.js';
export { type RunInput, type ExportContext, isRunRecord } from './input.js';
export { encodeNpz } from './npz.js';
export { type NpyArray, type NpyDType, encodeNpy } from './npy.js';
export { pythonRepr } from './python.js';
export { EXPORT_VERSION } from './version.js';
export { toOnnx, ONNX_OPSET, type OnnxOptions, type OnnxOutput } from './onnx.js';
export { toTypeScript, type TypeScriptExportOptions } from './typescript-script.js';
