import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvArb } from './csv-gen.js';
import { junk, show } from './gen.js';

// Run specs for the fit and CLI areas: one of tools/train-cli/examples/*.json, made quick (at most 3 epochs,
// small data), then 0–3 mutations of its fields. A mutation says whether it must be refused (false), keeps
// the spec valid (true), or may go either way (undefined).

const root = fileURLToPath(new URL('../../../', import.meta.url));
export const EXAMPLES_DIR = join(root, 'tools/train-cli/examples');

type Spec = Record<string, any>;

export const EXAMPLES: readonly { file: string; spec: Spec }[] = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, spec: JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Spec }));

/** Reads a spec's CSV path relative to the examples (as the CLI reads it relative to the spec file). */
export const readExampleText = (p: string): string => readFileSync(join(EXAMPLES_DIR, p), 'utf8');

/** The example, quick to train: at most 3 epochs and 120 generated samples. */
export function quick(spec: Spec): Spec {
  const s = structuredClone(spec);
  s.epochs = Math.min(s.epochs, 3);
  if (s.data?.options?.n !== undefined) s.data.options.n = Math.min(s.data.options.n, 120);
  if (s.scheduler?.name === 'onecycle') delete s.scheduler;
  if (s.scheduler?.options?.tMax !== undefined) s.scheduler.options.tMax = 3;
  return s;
}

export interface Mutation {
  name: string;
  /** false: the spec must be refused; true: it stays valid; undefined: either. */
  verdict: boolean | undefined;
  apply(s: Spec): void;
}

const set = (name: string, path: (string | number)[], value: unknown, verdict: boolean | undefined): Mutation => ({
  name: `${path.join('.')}=${show(value, 40)}`,
  verdict,
  apply(s) {
    let o = s;
    for (const k of path.slice(0, -1)) {
      if (o[k] === null || typeof o[k] !== 'object') o[k] = {};
      o = o[k];
    }
    // A copy: the catalogue's values are shared by every case.
    o[path[path.length - 1]] = structuredClone(value);
  },
});

const del = (key: string, verdict: boolean | undefined): Mutation => ({ name: `delete ${key}`, verdict, apply: (s) => void delete s[key] });

/** Every mutation of the catalogue (`big`: allow models that are valid but large, for the CLI and its --max-memory). */
export function mutationArb(big: boolean): fc.Arbitrary<Mutation> {
  const layerUnits = fc.tuple(fc.nat(4), fc.constantFrom<[unknown, boolean | undefined]>([0, false], [-1, false], [1e9, false], [2.5, false], ['8', false], [null, false], [3, undefined], [64, undefined], ...(big ? ([[20000, undefined], [5000, undefined]] as [unknown, boolean | undefined][]) : []))).map(([i, [v, ok]]): Mutation => ({
    name: `layers[${i}].units=${v}`,
    verdict: ok,
    apply(s) {
      const dense = (s.model.layers as Spec[]).map((l, j) => (l.type === 'dense' ? j : -1)).filter((j) => j >= 0);
      // The last dense layer's width is fixed by the loss: only the hidden ones keep a spec valid when resized.
      const hidden = dense.slice(0, -1);
      const j = dense[i % dense.length];
      if (ok !== false && !hidden.includes(j)) {
        if (!hidden.length) throw new Error('no hidden layer');
        s.model.layers[hidden[i % hidden.length]].units = v;
      } else s.model.layers[j].units = v;
    },
  }));
  const choices: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom<[unknown, boolean | undefined]>([0, false], [-1, false], [2.5, false], ['x', false], [null, false], [1e9, false], [1, true], [2, true]).map(([v, ok]) => set('epochs', ['epochs'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>([-1, false], [1.5, false], ['x', false], [2 ** 53, false], [7, true]).map(([v, ok]) => set('seed', ['seed'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['hinge', false], [null, false], [3, false], [{ name: 'huber', options: { delta: -1 } }, false], [{ name: 'mse', options: { reduction: 'none' } }, false], ['mse', undefined], ['crossEntropy', undefined], ['smooth_l1', undefined], ['bce', undefined]).map(([v, ok]) => set('loss', ['loss'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['lion', false], [null, false], [3, false], ['adam', undefined], ['sgd', undefined], ['adadelta', undefined]).map(([v, ok]) => set('optimizer', ['optimizer', 'name'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>([-1, false], [null, false], ['x', false], [1e6, undefined], [0.01, undefined], [0, undefined]).map(([v, ok]) => set('lr', ['optimizer', 'options', 'lr'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>([{ momentm: 0.9 }, false], [null, undefined], [[], false], ['fast', false]).map(([v, ok]) => set('optimizer options', ['optimizer', 'options'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>([-1, false], [0, false], ['x', false], [1, true], [null, undefined]).map(([v, ok]) => set('clipNorm', ['optimizer', 'clipNorm'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>([{ name: 'step', options: { stepSize: 0 } }, false], [{ name: 'cosine', options: { tMax: 5 } }, true], [{ name: 'onecycle', options: { maxLr: 0.1, totalSteps: 10 } }, undefined], [{ name: 'onecycle', options: { maxLr: 0.1, totalSteps: 1 } }, false], [{ name: 'plateau', options: {}, metric: 'testLoss' }, undefined], ['step', false], [null, true], [{ name: 'lambda', options: {} }, false], [{ name: 'exponential', options: { gamma: 2 } }, undefined]).map(([v, ok]) => set('scheduler', ['scheduler'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>([{ mode: 'full' }, true], [{ mode: 'minibatch' }, false], [{ mode: 'minibatch', batchSize: 0 }, false], [{ mode: 'minibatch', batchSize: 1 }, true], [{ mode: 'sgd' }, undefined], ['full', false], [{ mode: 'minibatch', batchSize: 1e9 }, undefined], [{ mode: 'minibatch', batchSize: 2.5 }, false]).map(([v, ok]) => set('batch', ['batch'], v, ok)),
    layerUnits,
    fc.constantFrom<Mutation>(
      { name: 'layers=[]', verdict: false, apply: (s) => void (s.model.layers = []) },
      { name: 'push conv', verdict: false, apply: (s) => void s.model.layers.push({ type: 'conv2d', filters: 3 }) },
      { name: 'activation fn junk', verdict: false, apply: (s) => void s.model.layers.splice(1, 0, { type: 'activation', fn: 'mish' }) },
      { name: 'insert dropout', verdict: true, apply: (s) => void s.model.layers.splice(1, 0, { type: 'dropout', p: 0.3 }) },
      { name: 'dropout p=1.5', verdict: false, apply: (s) => void s.model.layers.splice(1, 0, { type: 'dropout', p: 1.5 }) },
      { name: 'drop last layer', verdict: undefined, apply: (s) => void s.model.layers.pop() },
      { name: 'model=null', verdict: false, apply: (s) => void (s.model = null) },
      { name: 'model=array', verdict: undefined, apply: (s) => void (s.model = s.model.layers) },
      ...(big ? [{ name: 'two layers of 20000', verdict: undefined, apply: (s: Spec) => void s.model.layers.splice(0, 0, { type: 'dense', units: 20000 }, { type: 'dense', units: 20000 }) }] : []),
    ),
    fc.constantFrom<[unknown, boolean | undefined]>([0, false], [5, false], ['x', false]).map(([v, ok]) => set('model.input', ['model', 'input'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>([0, false], [-5, false], [1.5, false], [1e9, false], [5, undefined], [2, undefined]).map(([v, ok]): Mutation => ({
      name: `data.options.n=${v}`,
      verdict: ok,
      apply: (s) => {
        if (s.data?.preset === undefined) throw new Error('not a preset');
        if (s.data.preset !== 'iris') (s.data.options ??= {}).n = v;
        else (s.data.options ??= {}).n = v === 5 || v === 2 ? 'x' : v;
      },
    })),
    fc.constantFrom<[unknown, boolean | undefined]>([-1, false], ['x', false], [100, false], [0.5, undefined]).map(([v, ok]): Mutation => ({
      name: `data.options.noise=${v}`,
      verdict: ok,
      apply: (s) => {
        if (s.data?.preset === undefined || s.data.preset === 'iris') throw new Error('no noise option');
        (s.data.options ??= {}).noise = v;
      },
    })),
    fc.constantFrom<[unknown, boolean | undefined]>([1, false], [-0.1, false], [0.99, undefined], [0, undefined], ['x', false], [0.5, undefined]).map(([v, ok]) => set('testFraction', ['data', 'testFraction'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['yes', false], [true, true]).map(([v, ok]) => set('standardize', ['data', 'standardize'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['nope', false], [null, false], ['moons', undefined], ['iris', undefined], ['blobs', undefined]).map(([v, ok]) => set('preset', ['data', 'preset'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['missing.csv', false], ['', false], [5, false], ['/etc/passwd', false], ['data', false]).map(([v, ok]) => set('csv path', ['data', 'csv'], { path: v, target: 'y' }, ok)),
    csvArb.map((c): Mutation => ({
      name: `inline CSV (${c.kind}, ${c.mutations.join('+') || 'clean'})`,
      // A clean table may still not fit the model's output width for the spec's loss.
      verdict: c.valid === false ? false : undefined,
      apply: (s) => void (s.data = { csv: { text: c.text, target: c.target }, testFraction: 0.2 }),
    })),
    fc.constantFrom<[unknown, boolean | undefined]>([{ metric: 'testLoss', patience: 1 }, undefined], [{ metric: 'nope', patience: 1 }, false], [{ metric: 'trainLoss', patience: -1 }, false], [{ metric: 'trainLoss', patience: 0, restoreBest: true }, true]).map(([v, ok]) => set('earlyStopping', ['earlyStopping'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['float64', true], ['int8', false]).map(([v, ok]) => set('dtype', ['dtype'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['../../x', true], ['', undefined], ['a'.repeat(300), true], [5, false], ['.hidden/..', true]).map(([v, ok]) => set('name', ['name'], v, ok)),
    fc.constantFrom<[unknown, boolean | undefined]>(['no', false], [false, true]).map(([v, ok]) => set('shuffle', ['shuffle'], v, ok)),
    // undefined vanishes in JSON (the CLI) but is a key in an object (the library): either may be right.
    fc.tuple(fc.constantFrom('epoch', 'learningRate', '__proto__x'), junk).map(([k, v]) => set(`unknown ${k}`, [k], v, v === undefined ? undefined : false)),
    fc.constantFrom(del('loss', false), del('optimizer', false), del('data', false), del('model', false), del('epochs', false), del('seed', true), del('batch', true)),
    fc.constantFrom<[unknown, boolean | undefined]>(['x', false], [false, true]).map(([v, ok]) => set('recordBatches', ['recordBatches'], v, ok)),
  ];
  return fc.oneof(...choices);
}

export interface MutatedSpec {
  example: string;
  spec: Spec;
  mutations: Mutation[];
  /** Combined verdict: any false → false; all true → true; otherwise undefined. */
  verdict: boolean | undefined;
}

export function mutatedSpecArb(big: boolean): fc.Arbitrary<MutatedSpec> {
  return fc.tuple(fc.constantFrom(...EXAMPLES), fc.oneof({ weight: 1, arbitrary: fc.constant([] as Mutation[]) }, { weight: 3, arbitrary: fc.array(mutationArb(big), { minLength: 1, maxLength: 2 }) })).map(([ex, picked]) => {
    let mutations = picked;
    const spec = quick(ex.spec);
    // The ones that must be refused go last, so that no later mutation overwrites what they broke; one that
    // cannot apply (its parent was replaced) is left out of the verdict.
    const applied: Mutation[] = [];
    for (const m of [...mutations.filter((x) => x.verdict !== false), ...mutations.filter((x) => x.verdict === false)]) {
      try {
        m.apply(spec);
        applied.push(m);
      } catch {
        // not applicable to this spec
      }
    }
    mutations = applied;
    const verdicts = mutations.map((m) => m.verdict);
    const verdict = verdicts.includes(false) ? false : verdicts.every((v) => v === true) ? true : undefined;
    return { example: ex.file, spec, mutations, verdict };
  });
}
