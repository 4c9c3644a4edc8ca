// Derived values that keep their identity while equal. A Vue computed that returns its previous value
// triggers nothing, so views bound to it do not re-render when an edit leaves it as it was.

/** `prev` when it equals `next` by `same`, else `next`. */
export function keep<T>(prev: T | undefined, next: T, same: (a: T, b: T) => boolean): T {
  return prev !== undefined && same(prev, next) ? prev : next;
}

/** Same own keys with the same (===) values. */
export function sameRecord<T extends object>(a: T, b: T): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k]);
}

export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a.size === b.size && [...a].every((v) => b.has(v));
}
