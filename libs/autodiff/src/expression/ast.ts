// The syntax tree of a parsed expression. Every node keeps its source span [start, end) so a viewer can
// point from a graph node or an error back at the characters it came from.

export type BinaryOp = '+' | '-' | '*' | '/' | '^';

export type Expr =
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'variable'; name: string; start: number; end: number }
  | { kind: 'negate'; arg: Expr; start: number; end: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; start: number; end: number }
  | { kind: 'call'; fn: string; args: Expr[]; start: number; end: number };

/** Children of a node, left to right. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'negate':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args;
    default:
      return [];
  }
}

/** Variable names in order of first appearance. */
export function variablesOf(e: Expr): string[] {
  const out: string[] = [];
  const walk = (n: Expr): void => {
    if (n.kind === 'variable' && !out.includes(n.name)) out.push(n.name);
    children(n).forEach(walk);
  };
  walk(e);
  return out;
}
