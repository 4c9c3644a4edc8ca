import { z } from 'zod';
import { MAX_EXPRESSION_LENGTH } from '@descent/autodiff';
import { optimizerNames } from '@descent/optimizers';
import { scheduleNames } from '@descent/schedulers';
import type { FragmentPart } from '../../share/fragment.js';
import { LIMITS, type LabSetup } from './setup.js';
import { SURFACES } from './surfaces.js';

// The Lab's part of the shareable link (#lab=…): the whole setup. The schema checks the shape only; values
// come back as they were typed, and the libraries' validators mark them at their fields as usual, so a link
// with a bad learning rate shows that field in red instead of being thrown away.

/** JSON has no NaN: a number field left empty is written as null and read back as NaN. */
const num = z
  .number()
  .nullable()
  .transform((v) => (v === null ? NaN : v));
const optionValues = z.record(z.string().max(40), z.union([z.number(), z.boolean(), z.string().max(40), z.null(), z.array(z.number().nullable()).max(32)]));
const id = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const offeredSchedules = scheduleNames.filter((n) => n !== 'lambda' && n !== 'sequential') as [string, ...string[]];

const racer = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('optimizer'),
    id,
    color,
    noisy: z.boolean(),
    optimizer: z.enum(optimizerNames as [string, ...string[]]),
    options: optionValues,
    schedule: z.object({ name: z.enum(offeredSchedules), options: optionValues }).nullable(),
  }),
  z.object({
    kind: z.literal('newton'),
    id,
    color,
    noisy: z.boolean(),
    options: z.object({ lr: num, damping: num, hessian: z.enum(['autodiff', 'differences']), h: num }),
  }),
]);

const schema = z.object({
  surface: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('preset'), id: z.enum(SURFACES.map((s) => s.id) as [string, ...string[]]), kappa: num.optional() }),
    z.object({ kind: z.literal('custom'), source: z.string().max(MAX_EXPRESSION_LENGTH), domain: z.tuple([num, num, num, num]) }),
  ]),
  start: z.tuple([num, num]),
  racers: z
    .array(racer)
    .max(LIMITS.racers)
    .refine((rs) => new Set(rs.map((r) => r.id)).size === rs.length, 'racer ids must be unique'),
  noise: z.object({ sigma: num, seed: num }),
  iterations: num,
  tol: num,
  scenario: z.string().max(40).nullable(),
});

export const LAB_LINK: FragmentPart<LabSetup> = {
  name: 'lab',
  version: 1,
  parse(d) {
    const r = schema.safeParse(d);
    if (!r.success) {
      const i = r.error.issues[0];
      throw new Error(`${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
    }
    return r.data as unknown as LabSetup;
  },
};
