import { OptionError, type DType } from '@descent/core-tensor';
import { runSpecProblems, type RunSpec } from '@descent/train';
import { resolveInput, safeFileName, type ExportContext, type RunInput } from './input.js';
import { readableJson } from './json.js';
import { EXPORT_VERSION } from './version.js';

// toTypeScript: a short script that runs the same spec again with the @descent packages. The spec is the whole
// run (data, model, seed, every option) and Descent is deterministic, so the script gives the run's numbers
// bit for bit. It prints the same per-epoch lines as the PyTorch export, so the two outputs can be compared.

export interface TypeScriptExportOptions extends ExportContext {
  /** Train in this dtype instead of the run's. */
  dtype?: DType;
  /** The script's file name, for its usage line (default `<name>.ts`). */
  fileName?: string;
}

const OWNER = 'toTypeScript';

/**
 * Python's repr() of a float, as text to put into the generated script (the same algorithm as pythonRepr in
 * python.ts; a test keeps the two equal).
 */
const PYTHON_REPR = `/** Python's repr() of a float, so these lines read exactly like the PyTorch script's. */
function pythonRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponent] = Math.abs(x).toExponential().split('e'); // shortest round-trip digits
  const digits = mantissa.replace('.', '');
  const e = Number(exponent);
  if (e < -4 || e >= 16) {
    const rest = digits.length > 1 ? \`.\${digits.slice(1)}\` : '';
    return \`\${sign}\${digits[0]}\${rest}e\${e < 0 ? '-' : '+'}\${String(Math.abs(e)).padStart(2, '0')}\`;
  }
  if (e < 0) return \`\${sign}0.\${'0'.repeat(-e - 1)}\${digits}\`;
  return \`\${sign}\${digits.slice(0, e + 1).padEnd(e + 1, '0')}.\${digits.slice(e + 1) || '0'}\`;
}`;

/** The spec with a CSV file's text inline, so the script needs nothing but itself. */
function selfContained(spec: RunSpec, ctx: ExportContext): RunSpec {
  const data = spec.data as RunSpec['data'];
  if (!('csv' in data) || data.csv.text !== undefined) return spec;
  if (!ctx.readText) {
    throw new OptionError(OWNER, 'csv', `refers to the file ${JSON.stringify(data.csv.path)}: pass readText so the script can carry its text`, { path: ['data', 'csv', 'path'] });
  }
  const { path, ...csv } = data.csv;
  const fileName = csv.fileName ?? path?.replace(/^.*[\\/]/, '');
  return { ...spec, data: { ...data, csv: { ...csv, ...(fileName ? { fileName } : {}), text: ctx.readText(path!) } } };
}

/**
 * A TypeScript script that reruns the run (a spec, or a record with its spec) through `startRun` of
 * @descent/train and prints `epoch <n> loss <train loss>` per epoch. Run it with `npx tsx <file>.ts`.
 */
export function toTypeScript(input: RunInput, options: TypeScriptExportOptions = {}): string {
  const { dtype, fileName, ...ctx } = options;
  const { spec: given, name } = resolveInput(OWNER, input, dtype);
  const problems = runSpecProblems(given, ctx);
  if (problems.length) throw problems[0];
  const spec = selfContained(given, ctx);
  const file = fileName ?? `${safeFileName(name)}.ts`;
  const float32 = (spec.dtype ?? 'float32') === 'float32';
  return `// ${name}: a Descent run as a TypeScript script, exported by @descent/export ${EXPORT_VERSION}.
//
// It trains the same run spec (data, model, seed and every option) with the @descent packages, and Descent
// is deterministic, so it gives the run's numbers bit for bit${float32 ? `. A float32 run does on the same matmul backend:
// the training CLI and the Studio use the WebAssembly one (to match their records, await useWasmBackend()
// from @descent/core-tensor first)` : ''}.
//
//     npx tsx ${file}
//
// It prints one line per epoch, "epoch <n> loss <train loss>", exactly as the PyTorch export prints it.
import { startRun, type RunSpec } from '@descent/train';

// The whole run as JSON: the document the Studio saves and \`npm run train -- spec.json\` trains.
const spec: RunSpec = ${readableJson(spec)};

${PYTHON_REPR}

const run = startRun(spec, {
  onEpoch: (e) => console.log(\`epoch \${e.epoch} loss \${pythonRepr(e.trainLoss)}\`),
});
run.result.then(
  (record) => {
    const d = record.divergence;
    if (d) console.log(\`diverged at epoch \${d.epoch} batch \${d.batch}: loss \${pythonRepr(Number(d.value))}\`);
    if (record.status === 'early-stopped') console.log(\`stopped early after epoch \${record.epochs.length}: best epoch \${record.earlyStopping?.bestEpoch}\`);
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
`;
}
