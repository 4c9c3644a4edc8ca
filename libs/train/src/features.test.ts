import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ExpressionError } from '@descent/autodiff';
import { Tensor, formatPath } from '@descent/core-tensor';
import { PLANE_FEATURES, loadData } from '@descent/data';
import { applyFeatures, compileFeature, featureProblems, fitRunSync, inputVariables, predictGrid, prepareRun, runSpecProblems, startRun, type RunSpec } from './index.js';

const circles = (extra: Partial<RunSpec> = {}): RunSpec => ({
  seed: 1,
  data: { preset: 'circles', options: { n: 300, noise: 0.05 }, testFraction: 0.2, seed: 42 },
  model: { layers: [{ type: 'dense', units: 1 }] },
  loss: 'bceWithLogits',
  optimizer: { name: 'adam', options: { lr: 0.1 } },
  epochs: 60,
  batch: { mode: 'minibatch', batchSize: 16 },
  ...extra,
});

describe('feature expressions', () => {
  it('name inputs by position and by identifier column names', () => {
    expect([...inputVariables(['x1', 'x2']).entries()]).toEqual([['x1', 0], ['x2', 1]]);
    expect(inputVariables(['sepal length', 'petal_width', 'pi']).get('petal_width')).toBe(1);
    expect(inputVariables(['sepal length', 'petal_width', 'pi']).has('pi')).toBe(false); // the constant keeps its meaning
    expect(compileFeature('petal_width * x1', ['a', 'petal_width']).value(Float64Array.from([3, 4]))).toBe(12);
  });
  it('agree with the Playground toggles on random points (property)', () => {
    const finite = fc.double({ min: -50, max: 50, noNaN: true });
    fc.assert(
      fc.property(finite, finite, (a, b) => {
        const row = Float64Array.from([a, b]);
        for (const f of PLANE_FEATURES) expect(compileFeature(f.expression, ['x1', 'x2']).value(row)).toBeCloseTo(f.value(row), 10);
      }),
    );
  });
  it('a named expression names its column', () => {
    expect(compileFeature('r = sqrt(x1^2 + x2^2)', ['x1', 'x2']).name).toBe('r');
    expect(compileFeature('x1 * x2', ['x1', 'x2']).name).toBe('x1*x2');
  });
  it('problems are located at features[i], with the parser error (position, length) as the cause', () => {
    const p = featureProblems(['x1^2', 'x3 + 1', 'sin(x1', 'x1^2'], ['x1', 'x2']);
    expect(p.map((e) => [formatPath(e.path), e.reason])).toEqual([
      ['features[1]', 'unknown variable "x3"; this expression may use x1, x2 at column 1'],
      ['features[2]', expect.stringMatching(/expected "," or "\)" in the call of sin/)],
      ['features[3]', 'repeats feature 1 (x1^2)'],
    ]);
    const cause = p[0].cause as ExpressionError;
    expect(cause).toBeInstanceOf(ExpressionError);
    expect([cause.position, cause.length]).toEqual([0, 2]);
    expect(featureProblems('x1', ['x1']).map((e) => e.reason)).toEqual([expect.stringMatching(/must be a list of expressions/)]);
    expect(featureProblems([], ['x1']).length).toBe(1);
    expect(featureProblems([3], null).map((e) => formatPath(e.path))).toEqual(['features[0]']);
  });
  it('maps every split and gives the map for new points', () => {
    const loaded = loadData({ preset: 'circles', options: { n: 50 }, seed: 4 });
    const { data, map } = applyFeatures(loaded, ['x1^2', 'x2^2', 'x1*x2']);
    expect(data.features).toBe(3);
    expect(data.train.x.shape).toEqual([loaded.train.x.shape[0], 3]);
    expect(data.test!.x.shape[1]).toBe(3);
    expect(data.train.featureNames).toEqual(['x1^2', 'x2^2', 'x1*x2']);
    expect(Array.from(map(new Tensor(Float64Array.from([2, 3]), [1, 2])).data)).toEqual([4, 9, 6]);
  });
});

describe('features in a run spec', () => {
  it('the model input follows the features, and a wrong width is located at model.input', () => {
    expect(runSpecProblems(circles({ features: ['x1^2', 'x2^2'] }))).toEqual([]);
    expect(prepareRun(circles({ features: ['x1^2', 'x2^2', 'sin(x1)'] })).model.input).toBe(3);
    const wrong = runSpecProblems(circles({ features: ['x1^2', 'x2^2'], model: { input: 2, layers: [{ type: 'dense', units: 1 }] } }));
    expect(wrong).toEqual([]);
    const bad = runSpecProblems(circles({ features: ['x1^2'], model: { input: 2, layers: [{ type: 'dense', units: 1 }] } }));
    expect(bad.map((e) => [formatPath(e.path), e.reason])).toEqual([['model.input', 'is 2 but the data has 1 computed feature']]);
    expect(runSpecProblems(circles({ features: ['log(x1)'] })).map((e) => formatPath(e.path))).toEqual(['features[0]']);
    expect(runSpecProblems(circles({ features: ['y'] })).map((e) => formatPath(e.path))).toEqual(['features[0]']);
  });
  it('circles with x1², x2² and no hidden layer: a linear model separates them (≥ 95% test accuracy)', () => {
    const plain = fitRunSync(circles());
    const squared = fitRunSync(circles({ features: ['x1^2', 'x2^2'] }));
    expect(plain.final.testAccuracy!).toBeLessThan(0.75);
    expect(squared.final.testAccuracy!).toBeGreaterThanOrEqual(0.95);
    expect(squared.config.data.features).toBe(2);
    expect((squared.config.data.source as { features: string[] }).features).toEqual(['x1^2', 'x2^2']);
    expect(squared.spec?.features).toEqual(['x1^2', 'x2^2']);
  });
  it('the grid is drawn in the data inputs through the feature map', async () => {
    const spec = circles({ features: ['x1^2', 'x2^2', 'x1*x2'], epochs: 2 });
    const p = prepareRun(spec);
    const run = startRun(spec, { data: p.loaded });
    await run.result;
    const g = predictGrid(run.model, { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 8, { loss: spec.loss, features: p.features });
    expect(g.values.length).toBe(64);
    expect(() => predictGrid(run.model, { xMin: -1, xMax: 1, yMin: -1, yMax: 1 }, 8)).toThrow(/takes 3 input features/);
  });
});
