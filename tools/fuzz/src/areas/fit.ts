import fc from 'fast-check';
import { OptionError, isDescentError } from '@descent/core-tensor';
import { makeDataset } from '@descent/data';
import { FINAL_STATUSES, fitRunSync, fitSync, runSpecProblems, type RunRecord } from '@descent/train';
import { draw, type Area } from '../area.js';
import { check, type FuzzCase } from '../outcome.js';
import { show } from '../gen.js';
import { mutatedSpecArb, readExampleText } from '../spec-mutations.js';

// @descent/train: runSpecProblems and fitRunSync on mutated example specs, and fitSync with mutated options.

/** A finished run's record: a final status, finite losses unless it diverged, no more epochs than asked. */
export function checkRecord(r: RunRecord, epochs: number, what: string): void {
  check((FINAL_STATUSES as readonly string[]).includes(r.status), `${what}: status ${r.status}`);
  if (r.status !== 'diverged') {
    check(r.final.trainLoss === null || Number.isFinite(r.final.trainLoss), `${what}: final train loss ${r.final.trainLoss} without a divergence`);
    for (const e of r.epochs) check(Number.isFinite(e.trainLoss), `${what}: epoch ${e.epoch} train loss ${e.trainLoss}`);
  }
  check(r.epochs.length <= epochs, `${what}: ${r.epochs.length} epochs recorded for ${epochs}`);
}

function specCase(): fc.Arbitrary<FuzzCase> {
  return mutatedSpecArb(false).map((m): FuzzCase => ({
    what: `${m.example} with ${m.mutations.map((x) => x.name).join(', ') || 'no mutation'}`,
    valid: m.verdict,
    run() {
      const problems = runSpecProblems(m.spec, { readText: readExampleText });
      for (const p of problems) {
        check(p instanceof OptionError, `runSpecProblems gave a ${(p as Error)?.name}`);
        check(p.message.startsWith(`${p.owner}:`) && !p.message.includes('\n'), `runSpecProblems: unclear problem ${show(p.message, 200)}`);
        check(p.path.length > 0 || p.owner === 'spec', `runSpecProblems: a problem without a field: ${p.message}`);
      }
      let record: RunRecord;
      try {
        record = fitRunSync(m.spec as never, { readText: readExampleText });
      } catch (e) {
        // Training a spec with problems must fail, and with the first of them.
        if (problems.length) check(isDescentError(e), `fitRunSync: ${(e as Error).name} where runSpecProblems said ${problems[0].message}`);
        throw e;
      }
      check(problems.length === 0, () => `fitRunSync trained a spec with problems: ${problems[0].message}`);
      checkRecord(record, m.spec.epochs as number, 'fitRunSync');
    },
  }));
}

function directCase(): fc.Arbitrary<FuzzCase> {
  // fitSync(model, data, options) with the spec's training fields as options (no spec validation in front).
  return mutatedSpecArb(false).map((m): FuzzCase => {
    const { data, model, ...options } = m.spec;
    return {
      what: `fitSync(${show(model, 80)}, ${data?.preset ?? 'csv'} data, ${show(options, 160)}) with ${m.mutations.map((x) => x.name).join(', ') || 'no mutation'}`,
      run() {
        const ds = makeDataset(typeof data?.preset === 'string' ? data.preset : 'xor', { n: 40, seed: 1 });
        const r = fitSync(model as never, { train: ds, test: null }, options as never);
        checkRecord(r, options.epochs as number, 'fitSync');
      },
    };
  });
}

const area = (name: string, count: number, arb: () => fc.Arbitrary<FuzzCase>): Area => {
  let cached: fc.Arbitrary<FuzzCase> | null = null;
  return { name, count, timeoutMs: 10_000, make: (seed) => draw((cached ??= arb()), seed) };
};

export const FIT_AREAS: readonly Area[] = [area('fit-specs', 400, specCase), area('fit-options', 200, directCase)];
