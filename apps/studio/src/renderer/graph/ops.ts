import { texName } from './format.js';

// How each autodiff op reads on the graph: its symbol in the node, its formula (with names or numbers) and,
// per input, its local derivative as a formula in the names of its inputs and output (∂q/∂x = 1,
// ∂f/∂z = q). The numbers always come from @descent/autodiff's exportGraph; these strings only say what
// the numbers are.

export interface Rendered {
  text: string;
  tex: string;
}

const r = (text: string, tex: string): Rendered => ({ text, tex });

/** Text and TeX for an argument (a name or a formatted number). */
export interface Arg {
  text: string;
  tex: string;
}

const FUNCTIONS: Record<string, { text: string; tex: string }> = {
  exp: { text: 'exp', tex: '\\exp' },
  log: { text: 'ln', tex: '\\ln' },
  sqrt: { text: 'sqrt', tex: '\\operatorname{sqrt}' },
  sin: { text: 'sin', tex: '\\sin' },
  cos: { text: 'cos', tex: '\\cos' },
  tanh: { text: 'tanh', tex: '\\tanh' },
  abs: { text: 'abs', tex: '\\operatorname{abs}' },
  sigmoid: { text: 'σ', tex: '\\sigma' },
  relu: { text: 'relu', tex: '\\operatorname{relu}' },
  maximum: { text: 'max', tex: '\\max' },
  minimum: { text: 'min', tex: '\\min' },
};

/** The symbol drawn in a node. */
export function opSymbol(op: string, power?: number): string {
  switch (op) {
    case 'add':
      return '+';
    case 'sub':
      return '−';
    case 'mul':
      return '×';
    case 'div':
      return '÷';
    case 'neg':
      return '−x';
    case 'pow':
      return power === undefined ? 'a^b' : `^${power}`;
    default:
      return FUNCTIONS[op]?.text ?? op;
  }
}

const pw = (p: number): string => String(p).replace('-', '−');

/** The op applied to its arguments: "x + y", "q · z", "σ(s)". */
export function opFormula(op: string, a: Arg[], power?: number): Rendered {
  const [x, y] = a;
  switch (op) {
    case 'add':
      return r(`${x.text} + ${y.text}`, `${x.tex} + ${y.tex}`);
    case 'sub':
      return r(`${x.text} − ${y.text}`, `${x.tex} - ${y.tex}`);
    case 'mul':
      return r(`${x.text} · ${y.text}`, `${x.tex} \\cdot ${y.tex}`);
    case 'div':
      return r(`${x.text} / ${y.text}`, `\\frac{${x.tex}}{${y.tex}}`);
    case 'neg':
      return r(`−${x.text}`, `-${x.tex}`);
    case 'pow':
      return power === undefined ? r(`${x.text}^${y.text}`, `{${x.tex}}^{${y.tex}}`) : r(`${x.text}^${pw(power)}`, `{${x.tex}}^{${power}}`);
    default: {
      const f = FUNCTIONS[op] ?? { text: op, tex: `\\operatorname{${op}}` };
      return r(`${f.text}(${a.map((v) => v.text).join(', ')})`, `${f.tex}\\left(${a.map((v) => v.tex).join(', ')}\\right)`);
    }
  }
}

/**
 * The local derivative ∂out/∂(input k) as a formula in the names of the inputs and the output, or null when
 * there is no tidy closed form to show (the number alone is shown then).
 */
export function localFormula(op: string, k: number, inputs: string[], out: string, power?: number): Rendered | null {
  const n = inputs.map((s) => ({ text: s, tex: texName(s) }));
  const o = { text: out, tex: texName(out) };
  const [a, b] = n;
  switch (op) {
    case 'add':
      return r('1', '1');
    case 'sub':
      return k === 0 ? r('1', '1') : r('−1', '-1');
    case 'mul':
      return k === 0 ? b : a;
    case 'div':
      return k === 0 ? r(`1/${b.text}`, `\\frac{1}{${b.tex}}`) : r(`−${a.text}/${b.text}²`, `-\\frac{${a.tex}}{${b.tex}^2}`);
    case 'neg':
      return r('−1', '-1');
    case 'pow':
      if (power !== undefined) {
        if (power === 2) return r(`2${a.text}`, `2${a.tex}`);
        return r(`${pw(power)}·${a.text}^${pw(power - 1)}`, `${power}\\,{${a.tex}}^{${power - 1}}`);
      }
      return k === 0 ? r(`${b.text}·${a.text}^(${b.text}−1)`, `${b.tex}\\,{${a.tex}}^{${b.tex}-1}`) : r(`${a.text}^${b.text}·ln ${a.text}`, `{${a.tex}}^{${b.tex}}\\ln ${a.tex}`);
    case 'exp':
      return r(`exp(${a.text}) = ${o.text}`, `e^{${a.tex}} = ${o.tex}`);
    case 'log':
      return r(`1/${a.text}`, `\\frac{1}{${a.tex}}`);
    case 'sqrt':
      return r(`1/(2${o.text})`, `\\frac{1}{2${o.tex}}`);
    case 'sin':
      return r(`cos(${a.text})`, `\\cos ${a.tex}`);
    case 'cos':
      return r(`−sin(${a.text})`, `-\\sin ${a.tex}`);
    case 'tanh':
      return r(`1 − ${o.text}²`, `1 - ${o.tex}^2`);
    case 'sigmoid':
      return r(`${o.text}(1 − ${o.text})`, `${o.tex}\\,(1 - ${o.tex})`);
    case 'relu':
      return r(`[${a.text} > 0]`, `[${a.tex} > 0]`);
    case 'abs':
      return r(`sign(${a.text})`, `\\operatorname{sign}(${a.tex})`);
    case 'maximum':
      return k === 0 ? r(`[${a.text} > ${b.text}]`, `[${a.tex} > ${b.tex}]`) : r(`[${b.text} > ${a.text}]`, `[${b.tex} > ${a.tex}]`);
    case 'minimum':
      return k === 0 ? r(`[${a.text} < ${b.text}]`, `[${a.tex} < ${b.tex}]`) : r(`[${b.text} < ${a.text}]`, `[${b.tex} < ${a.tex}]`);
    default:
      return null;
  }
}
