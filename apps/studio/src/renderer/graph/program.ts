import { tensor } from '@descent/core-tensor';
import { ExpressionError, evaluateExpression, numericFunction, parseExpression, variable, type Expr, type Var } from '@descent/autodiff';

// A "program" is one or more definitions, one a line: `q = x + y` then `f = q * z`. A later line may use an
// earlier name, so a student can name the intermediate values as the lecture does; the last line is the
// output. Inputs are the names used but never defined. Everything is parsed by @descent/autodiff's safe
// parser (never evaluated as JavaScript).

export interface ProgramLine {
  /** The defined name (the last line defaults to f). */
  name: string;
  ast: Expr;
  /** Offset of the line in the whole source, so error positions and node spans point into the textarea. */
  offset: number;
  text: string;
}

export interface Program {
  source: string;
  lines: ProgramLine[];
  /** Inputs in order of first use. */
  inputs: string[];
  output: string;
}

/** An ExpressionError whose position is in the whole source (not one line). */
function shifted(e: ExpressionError, offset: number, line: number, lines: number, source: string): ExpressionError {
  const where = lines > 1 ? `line ${line}: ` : '';
  return new ExpressionError(`${where}${e.reason ?? e.message}`, e.position + offset, e.length, source);
}

/** Parse a program; throws an ExpressionError at the character at fault (position in the whole source). */
export function parseProgram(source: string): Program {
  const raw = source.split('\n');
  const lines: ProgramLine[] = [];
  const inputs: string[] = [];
  const defined = new Set<string>();
  let offset = 0;
  const nonEmpty = raw.filter((l) => l.trim()).length;
  if (!nonEmpty) throw new ExpressionError('expected an expression, such as f = (x + y) * z', 0, 1, source);
  raw.forEach((text, i) => {
    const at = offset;
    offset += text.length + 1;
    if (!text.trim()) return;
    let parsed;
    try {
      parsed = parseExpression(text);
    } catch (e) {
      throw e instanceof ExpressionError ? shifted(e, at, i + 1, nonEmpty, source) : e;
    }
    const last = lines.length === nonEmpty - 1;
    if (!parsed.name && !last) {
      throw new ExpressionError(`line ${i + 1}: name this value (write "q = …"): only the last line may be unnamed`, at + text.search(/\S/), Math.max(1, text.trim().length), source);
    }
    const name = parsed.name ?? (defined.has('f') || inputs.includes('f') ? 'out' : 'f');
    if (defined.has(name) || inputs.includes(name)) {
      throw new ExpressionError(`line ${i + 1}: "${name}" is already ${defined.has(name) ? 'defined' : 'used as an input'}; pick another name`, at + text.indexOf(name), name.length, source);
    }
    for (const v of parsed.variables) if (!defined.has(v) && !inputs.includes(v)) inputs.push(v);
    defined.add(name);
    lines.push({ name, ast: parsed.ast, offset: at, text });
  });
  if (!inputs.length) throw new ExpressionError('uses no variables: nothing to differentiate (try x * y)', 0, Math.max(1, source.length), source);
  return { source, lines, inputs, output: lines[lines.length - 1].name };
}

/** Where a graph node came from: the line and the characters of the source. */
export interface NodeOrigin {
  line: number;
  start: number;
  end: number;
  expr: Expr;
}

export interface Evaluated {
  output: Var;
  /** Input Vars by name (leaves). */
  leaves: Map<string, Var>;
  /** Names the program gave: each line's value, by Var id. */
  names: Map<number, string>;
  origins: Map<number, NodeOrigin>;
}

/** Build the autodiff graph in float64 and run backward on the output. */
export function evaluateProgram(program: Program, values: Readonly<Record<string, number>>): Evaluated {
  const leaves = new Map<string, Var>();
  for (const name of program.inputs) leaves.set(name, variable(tensor(values[name] ?? 0, 'float64'), { name }));
  const scope: Record<string, Var> = Object.fromEntries(leaves);
  const names = new Map<number, string>();
  const origins = new Map<number, NodeOrigin>();
  let out: Var | null = null;
  program.lines.forEach((line, li) => {
    const v = evaluateExpression(line.ast, scope, {
      onNode: (node, e) => {
        // The outermost syntax node wins (an op visited again through parentheses keeps its widest span).
        const prev = origins.get(node.id);
        if (!prev || e.end - e.start >= prev.end - prev.start) origins.set(node.id, { line: li, start: e.start + line.offset, end: e.end + line.offset, expr: e });
      },
    });
    // `q = x` makes no new node: keep the first name a node got.
    if (!names.has(v.id) && !v.isLeaf) names.set(v.id, line.name);
    scope[line.name] = v;
    out = v;
  });
  const output = out as unknown as Var;
  if (output.requiresGrad) output.backward(undefined, { retainGraph: true });
  return { output, leaves, names, origins };
}

/** f as a plain-number function of the inputs (in `program.inputs` order), for difference quotients. */
export function numericProgram(program: Program): (x: number[]) => number {
  const known = [...program.inputs];
  const fns = program.lines.map((line) => {
    const fn = numericFunction(line.ast, [...known]);
    known.push(line.name);
    return fn;
  });
  return (x) => {
    const scope = [...x];
    for (const fn of fns) scope.push(fn(...scope));
    return scope[scope.length - 1];
  };
}
