import type { AdviceId } from '@descent/train';

// Where each teaching note sends the student: the Lab scenario that shows the same effect on a 2-D surface,
// or, for vanishing gradients (a property of depth, not of a 2-D loss), the Backprop panel's gradient flow.
export type AdviceLink = { kind: 'lab'; scenario: string; label: string } | { kind: 'backprop'; label: string };

export const ADVICE_LINKS: Record<AdviceId, AdviceLink> = {
  'lr-too-high': { kind: 'lab', scenario: 'lr-too-large', label: 'See it in the Lab: learning rate too large' },
  plateau: { kind: 'lab', scenario: 'saddle-noise', label: 'See it in the Lab: a flat saddle, escaped with noise' },
  'vanishing-gradients': { kind: 'backprop', label: 'See why in the Backprop panel' },
};
