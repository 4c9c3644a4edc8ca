import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { adviseRun, fitRunSync, type EpochEvent } from '@descent/train';
import { ADVICE_LINKS } from '../engine/advice-links.js';
import { labRequest, requestLabScenario } from '../engine/lab-request.js';
import { SCENARIOS } from '../lab/engine/scenarios.js';
import TeachingNotes from './TeachingNotes.vue';

// The notes are the library's adviseRun on real runs' epochs; each links to a Lab scenario that exists.
const run = (overrides: Record<string, unknown>) =>
  fitRunSync({ data: { preset: 'circles', options: { n: 200 }, testFraction: 0.2, seed: 1 }, model: { layers: [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: 1 }] }, loss: 'bceWithLogits', optimizer: { name: 'sgd', options: { lr: 0.1 } }, epochs: 3, seed: 1, ...overrides } as never);

describe('TeachingNotes', () => {
  it("shows the vanishing-gradients note of a real 6-layer sigmoid net and asks for the Backprop panel", async () => {
    const layers = [...Array.from({ length: 5 }, () => [{ type: 'dense', units: 8 }, { type: 'activation', fn: 'sigmoid' }]).flat(), { type: 'dense', units: 1 }];
    const r = run({ model: { layers } });
    const w = mount(TeachingNotes, { props: { epochs: r.epochs as EpochEvent[], plateauScheduled: false } });
    const note = w.get('[data-advice="vanishing-gradients"]');
    expect(note.text()).toContain('vanishing gradients; try ReLU or fewer sigmoid layers');
    await w.get('[data-testid="advice-link-vanishing-gradients"]').trigger('click');
    expect(w.emitted('open-backprop')).toHaveLength(1);
  });

  it('a learning rate far too high: the note links to the Lab scenario that diverges', async () => {
    // SGD at lr 2 on a ReLU net under MSE: the loss climbs about ×1e4 per epoch (the run itself completes).
    const r = run({ optimizer: { name: 'sgd', options: { lr: 2 } }, epochs: 6, loss: 'mse', model: { layers: [{ type: 'dense', units: 16 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 1 }] } });
    expect(adviseRun(r.epochs).map((n) => n.id)).toEqual(['lr-too-high']);
    const epochs = r.epochs as EpochEvent[];
    const w = mount(TeachingNotes, { props: { epochs, plateauScheduled: false } });
    expect(w.get('[data-advice="lr-too-high"]').text()).toContain('learning rate too high');
    await w.get('[data-testid="advice-link-lr-too-high"]').trigger('click');
    expect(w.emitted('open-lab')).toEqual([['lr-too-large']]);
  });

  it('no note on a healthy run, and none for a plateau a reduce-on-plateau schedule already watches', () => {
    const r = run({});
    expect(mount(TeachingNotes, { props: { epochs: r.epochs as EpochEvent[], plateauScheduled: false } }).find('[data-testid="teaching-notes"]').exists()).toBe(false);
    const flat: EpochEvent[] = Array.from({ length: 14 }, (_, i) => ({ ...(r.epochs[0] as EpochEvent), epoch: i + 1, trainLoss: i === 0 ? 1 : 0.5 }));
    expect(mount(TeachingNotes, { props: { epochs: flat, plateauScheduled: false } }).find('[data-advice="plateau"]').exists()).toBe(true);
    expect(mount(TeachingNotes, { props: { epochs: flat, plateauScheduled: true } }).find('[data-advice="plateau"]').exists()).toBe(false);
  });

  it('every Lab link names a scenario the Lab has; a request is taken as a new one each time', () => {
    const ids = new Set(SCENARIOS.map((s) => s.id));
    for (const link of Object.values(ADVICE_LINKS)) if (link.kind === 'lab') expect(ids.has(link.scenario)).toBe(true);
    requestLabScenario('lr-too-large');
    const first = labRequest.value;
    requestLabScenario('lr-too-large');
    expect(labRequest.value).not.toBe(first);
    expect(labRequest.value?.scenario).toBe('lr-too-large');
  });
});
