// Errors as values. Every error the libraries throw on purpose is a DescentError that says who refused
// (`owner`: an op, optimizer, schedule, layer, loss, dataset or 'fit'), which option or argument (`option`),
// the value, and the reason in words, so that callers map it to a field without reading the message.

export type PathKey = string | number;

export interface ErrorFields {
  /** The option or argument at fault, e.g. 'lr', 'betas', 'units', 'axis'; null when none applies. */
  option?: string | null;
  /** For pairs and lists: which element (betas[0] is beta1). */
  element?: number | null;
  /** The element's own name, for the message only (beta1). */
  elementName?: string;
  /** The offending value, as given. */
  value?: unknown;
  /** Where the option sits in a larger spec, e.g. ['optimizer', 'options', 'lr']. */
  path?: readonly PathKey[];
  cause?: unknown;
}

/** A value as it reads in a message: strings quoted, NaN and ±Infinity spelled out, long text cut short. */
export function describeValue(v: unknown, max = 80): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'number') s = Object.is(v, -0) ? '-0' : String(v);
  else if (typeof v === 'function') s = 'a function';
  else if (typeof v === 'bigint') s = `${v}n`;
  else if (Array.isArray(v)) s = `[${v.slice(0, 8).map((x) => describeValue(x, 20)).join(', ')}${v.length > 8 ? `, … (${v.length} items)` : ''}]`;
  else if (v !== null && typeof v === 'object') {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = Object.prototype.toString.call(v);
    }
  } else s = String(v);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Path as text: optimizer.options.lr, layers[2].units. */
export function formatPath(path: readonly PathKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

export class DescentError extends Error {
  readonly owner: string;
  readonly option: string | null;
  readonly element: number | null;
  readonly value: unknown;
  /** The reason alone, without owner and option: what a form shows next to the field. */
  readonly reason: string;
  readonly path: readonly PathKey[];

  constructor(owner: string, reason: string, fields: ErrorFields = {}) {
    const option = fields.option ?? null;
    const element = fields.element ?? null;
    const where = option === null ? '' : ` ${element === null ? option : `${option}[${element}]${fields.elementName ? ` (${fields.elementName})` : ''}`}`;
    super(`${owner}:${where} ${reason}`, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'DescentError';
    this.owner = owner;
    this.option = option;
    this.element = element;
    this.value = fields.value;
    this.reason = reason;
    this.path = fields.path ?? (option === null ? [] : [option]);
  }

  /** The same error, located inside a larger spec (the path is prefixed, owner and reason kept). */
  at(prefix: readonly PathKey[]): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    Object.defineProperty(copy, 'path', { value: [...prefix, ...this.path], enumerable: true });
    Object.defineProperty(copy, 'message', { value: this.message, writable: true, configurable: true });
    Object.defineProperty(copy, 'stack', { value: this.stack, writable: true, configurable: true });
    return copy;
  }

  /** Plain data for logs, IPC and JSON. */
  toJSON(): { name: string; owner: string; option: string | null; element: number | null; reason: string; path: PathKey[]; message: string } {
    return { name: this.name, owner: this.owner, option: this.option, element: this.element, reason: this.reason, path: [...this.path], message: this.message };
  }
}

/** An option or argument with a wrong value: the field is `option` (and `path` inside a spec). */
export class OptionError extends DescentError {
  constructor(owner: string, option: string | null, reason: string, fields: Omit<ErrorFields, 'option'> = {}) {
    super(owner, reason, { ...fields, option });
    this.name = 'OptionError';
  }
}

/** Shapes that do not fit an op (owner: the op). */
export class ShapeError extends DescentError {
  constructor(op: string, reason: string, fields: ErrorFields = {}) {
    super(op, reason, fields);
    this.name = 'ShapeError';
  }
}

/** Data that cannot be used: a CSV cell, a label, a row count. `line`/`column` locate it in a file. */
export class DataError extends DescentError {
  readonly line: number | null;
  readonly column: string | null;
  constructor(owner: string, reason: string, fields: ErrorFields & { line?: number | null; column?: string | null } = {}) {
    super(owner, reason, fields);
    this.name = 'DataError';
    this.line = fields.line ?? null;
    this.column = fields.column ?? null;
  }
}

export const isDescentError = (e: unknown): e is DescentError => e instanceof DescentError;

/** What an op says when given something that is not a Tensor (an autodiff Var, a nested array, …). */
export function notATensor(op: string, x: unknown, alsoNumber = false): string {
  const want = alsoNumber ? 'a Tensor or a number' : 'a Tensor';
  if (x !== null && typeof x === 'object' && 'value' in x && typeof (x as { backward?: unknown }).backward === 'function') {
    return `expected ${want}, got an autodiff Var (a value in a computational graph): use ${op} from '@descent/autodiff' to keep the gradient, or pass var.value for the plain tensor`;
  }
  if (Array.isArray(x)) return `expected ${want}, got a nested array: make a tensor first, tensor(${describeValue(x, 24)})`;
  return `expected ${want}, got ${x === null ? 'null' : typeof x} ${describeValue(x, 40)}`;
}
