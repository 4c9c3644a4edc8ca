import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD, decodePayload, encodePayload, readFragment, removeFragment, replaceHash, writeFragment, type FragmentPart } from './fragment.js';

interface Demo {
  n: number;
  text: string;
}
const demo: FragmentPart<Demo> = {
  name: 'demo',
  version: 2,
  parse(d) {
    const o = d as Partial<Demo> | null;
    if (!o || typeof o.n !== 'number' || typeof o.text !== 'string') throw new Error('n must be a number and text a string');
    return { n: o.n, text: o.text };
  },
};

describe('URL fragment parts', () => {
  it('round-trips a value, unicode included, as URL-safe text', () => {
    const v = { n: 0.1, text: 'f = x² − y² · “quoted” & #hash' };
    const hash = writeFragment(demo, v, '');
    expect(hash).toMatch(/^#demo=[A-Za-z0-9_-]+$/);
    expect(readFragment(demo, hash)).toEqual({ status: 'ok', value: v });
  });

  it('keeps the other parts, and anything else, where they are', () => {
    const other: FragmentPart<number> = { name: 'train', version: 1, parse: (d) => d as number };
    let hash = writeFragment(other, 5, '#top');
    hash = writeFragment(demo, { n: 1, text: 'a' }, hash);
    expect(hash.startsWith('#top&train=')).toBe(true);
    hash = writeFragment(demo, { n: 2, text: 'b' }, hash);
    expect(hash.split('&')).toHaveLength(3);
    expect(readFragment(other, hash)).toEqual({ status: 'ok', value: 5 });
    expect(readFragment(demo, hash)).toEqual({ status: 'ok', value: { n: 2, text: 'b' } });
    expect(removeFragment('demo', hash)).toBe(hash.split('&').slice(0, 2).join('&'));
    expect(removeFragment('demo', writeFragment(demo, { n: 1, text: '' }, ''))).toBe('');
  });

  it('reports an absent part, a stale version and a damaged payload, never throws', () => {
    expect(readFragment(demo, '')).toEqual({ status: 'absent' });
    expect(readFragment(demo, '#other=1')).toEqual({ status: 'absent' });
    const stale = `#demo=${encodePayload(1, { n: 1, text: 'a' })}`;
    expect(readFragment(demo, stale)).toEqual({ status: 'invalid', reason: 'it was made by version 1 of this view; this one reads version 2' });
    expect(readFragment(demo, '#demo=%%%')).toMatchObject({ status: 'invalid', reason: 'it is not valid URL text' });
    expect(readFragment(demo, '#demo=not*base64')).toMatchObject({ status: 'invalid', reason: expect.stringContaining('base64url') });
    const cut = writeFragment(demo, { n: 1, text: 'a long enough text to cut' }, '').slice(0, 30);
    expect(readFragment(demo, cut)).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/JSON|base64url/) });
    expect(readFragment(demo, `#demo=${btoa('[1,2]')}`)).toMatchObject({ status: 'invalid', reason: 'it is not a versioned payload { v, d }' });
  });

  it("passes the view's own validation message through", () => {
    const hash = `#demo=${encodePayload(2, { n: 'one', text: 'a' })}`;
    expect(readFragment(demo, hash)).toEqual({ status: 'invalid', reason: 'n must be a number and text a string' });
  });

  it('refuses oversized payloads unread, and bad part names', () => {
    expect(() => decodePayload('A'.repeat(MAX_PAYLOAD + 1))).toThrow(/more than/);
    expect(() => writeFragment({ ...demo, name: 'a=b' }, { n: 1, text: '' }, '')).toThrow(/part name/);
  });

  it('replaces the page fragment without adding history', () => {
    const before = history.length;
    replaceHash(writeFragment(demo, { n: 3, text: 'x' }, location.hash));
    expect(readFragment(demo)).toEqual({ status: 'ok', value: { n: 3, text: 'x' } });
    expect(history.length).toBe(before);
    replaceHash('');
  });
});
