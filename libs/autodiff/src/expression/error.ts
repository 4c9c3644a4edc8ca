import { DescentError } from '@descent/core-tensor';

/**
 * A typed expression that cannot be used. `position` is the 0-based index of the offending character in the
 * source and `length` how many characters are at fault, so an editor can underline them; the message says the
 * column (1-based) and what was expected.
 */
export class ExpressionError extends DescentError {
  readonly position: number;
  readonly length: number;
  constructor(reason: string, position: number, length = 1, source?: string) {
    super('expression', reason, { option: 'expression', value: source });
    this.name = 'ExpressionError';
    this.position = position;
    this.length = Math.max(1, length);
  }
}
