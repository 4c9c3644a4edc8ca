import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { setHost } from '../host/host.js';
import { memoryHost } from '../test-utils.js';
import { useSetupStore } from '../stores/setup.js';
import { SETUP_PART, openSetupLink, setupLink } from './setup-link.js';
import { encodePayload, writeFragment } from './fragment.js';

beforeEach(() => {
  setActivePinia(createPinia());
  setHost(memoryHost());
});

describe('setup links', () => {
  it('a link carries the whole setup: opening it restores data, model, optimizer, schedule, batches', () => {
    const s = useSetupStore();
    s.spec.data = { preset: 'moons', options: { n: 180, noise: 0.2 }, testFraction: 0.3, seed: 7 } as never;
    s.setOptimizer('sgd');
    s.setOptimizerOption('momentum', 0.9);
    s.setSchedule('step');
    s.spec.epochs = 42;
    const want = s.snapshot();
    const r = setupLink(want, 'http://127.0.0.1:4173/index.html#lab=keep');
    if (!('url' in r)) throw new Error(r.problem);
    const url = new URL(r.url);
    expect(url.hash).toMatch(/^#lab=keep&setup=[A-Za-z0-9_-]+$/);

    setActivePinia(createPinia());
    const fresh = useSetupStore();
    expect(fresh.spec.epochs).not.toBe(42);
    expect(openSetupLink(url.hash, false)).toBe('Opened the setup from the link.');
    expect(fresh.snapshot()).toEqual(want);
  });

  it('a damaged, foreign-version or non-setup link leaves the setup as it was and says why', () => {
    const s = useSetupStore();
    const before = s.snapshot();
    expect(openSetupLink('#setup=%%%', false)).toMatch(/^The link's setup could not be read \(it is not valid URL text\)/);
    expect(openSetupLink('#setup=abc$', false)).toMatch(/not base64url text/);
    expect(openSetupLink(`#setup=${encodePayload(2, before)}`, false)).toMatch(/made by version 2 of this view; this one reads version 1/);
    expect(openSetupLink(`#setup=${encodePayload(1, { hello: 1 })}`, false)).toBe("The link's setup could not be read (it is not a run spec: it has no \"data\" object); the setup was left as it was.");
    expect(s.snapshot()).toEqual(before);
    expect(openSetupLink('#lab=x', false)).toBeNull();
  });

  it('an invalid value opens with the problem named (the form marks it), as a setup file does', () => {
    const s = useSetupStore();
    const spec = { ...s.snapshot(), epochs: -3 };
    const msg = openSetupLink(writeFragment(SETUP_PART, spec, ''), false);
    expect(msg).toMatch(/1 setting needs fixing, marked in red \(first: epochs must be/);
    expect(s.spec.epochs).toBe(-3);
  });

  it('a CSV read from a path, or a setup too large for a link, is refused with what to do instead', () => {
    const s = useSetupStore();
    const pathCsv = { ...s.snapshot(), data: { csv: { path: 'data.csv', targetColumn: 'y' } } } as never;
    expect(setupLink(pathCsv)).toEqual({ problem: 'this setup reads its CSV from a file path: a link cannot carry the file; use Save setup… instead' });
    const big = { ...s.snapshot(), data: { csv: { text: 'x,y\n' + '1,2\n'.repeat(20000), targetColumn: 'y' } } } as never;
    expect((setupLink(big) as { problem: string }).problem).toMatch(/KB as a link \(its CSV data\), more than 64 KB: use Save setup…/);
  });
});
