import { ACTIVATION_INFO, type ActivationName } from '@descent/layers';

// Display names of the activations (from @descent/layers' own metadata).
export const ACTIVATION_LABELS: Record<ActivationName, string> = Object.fromEntries(Object.values(ACTIVATION_INFO).map((a) => [a.name, a.label])) as Record<ActivationName, string>;
