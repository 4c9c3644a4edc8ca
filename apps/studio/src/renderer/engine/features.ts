import { ExpressionError } from '@descent/autodiff';
import { PLANE_FEATURES } from '@descent/data';
import { compileFeature, featureProblems } from '@descent/train';

// The Data panel's feature toggles and "add feature", as list edits of the RunSpec's `features` (expressions in
// the inputs). No `features` means the inputs as they are; a list equal to the inputs is stored as none, so a
// setup without computed features stays exactly the spec it was.

/** The inputs as they are: x1, x2, ... */
export const identityFeatures = (inputs: number): string[] => Array.from({ length: inputs }, (_, i) => `x${i + 1}`);

/** The features the model takes now. */
export const activeFeatures = (features: readonly string[] | null | undefined, inputs: number): string[] => (features?.length ? [...features] : identityFeatures(inputs));

/** The list to store: null when it is just the inputs in order. */
export function normalized(list: readonly string[], inputs: number): string[] | null {
  const id = identityFeatures(inputs);
  return list.length === id.length && list.every((f, i) => f === id[i]) ? null : [...list];
}

/** Toggle one Playground feature (kept in the Playground's order among the toggles; typed features stay last). */
export function toggleFeature(features: readonly string[] | null | undefined, expression: string, inputs: number): string[] | null {
  const now = activeFeatures(features, inputs);
  if (now.includes(expression)) return now.length === 1 ? normalized(now, inputs) : normalized(now.filter((f) => f !== expression), inputs);
  const order = PLANE_FEATURES.map((p) => p.expression);
  const toggles = order.filter((e) => e === expression || now.includes(e));
  const typed = now.filter((f) => !order.includes(f));
  return normalized([...toggles, ...typed], inputs);
}

/** Add a typed feature; the parser's error (with its position and length) when it cannot be used. */
export function addFeature(features: readonly string[] | null | undefined, source: string, inputNames: readonly string[]): { list: string[] | null } | { error: ExpressionError | string } {
  const text = source.trim();
  if (!text) return { error: 'Type an expression in the inputs, e.g. x1*x2 or sin(x1)^2.' };
  try {
    compileFeature(text, inputNames);
  } catch (e) {
    if (e instanceof ExpressionError) return { error: e };
    throw e;
  }
  const next = [...activeFeatures(features, inputNames.length), text];
  const problem = featureProblems(next, inputNames)[0];
  if (problem) return { error: problem.reason };
  return { list: normalized(next, inputNames.length) };
}

/** Remove feature `i` (the last one cannot go: the model needs an input). */
export function removeFeature(features: readonly string[] | null | undefined, i: number, inputs: number): string[] | null {
  const now = activeFeatures(features, inputs);
  if (now.length <= 1) return normalized(now, inputs);
  return normalized(now.filter((_, k) => k !== i), inputs);
}

/** How a feature reads: the toggle's label (x₁²) or the expression as typed. */
export const featureLabel = (f: string): string => PLANE_FEATURES.find((p) => p.expression === f)?.label ?? f;
