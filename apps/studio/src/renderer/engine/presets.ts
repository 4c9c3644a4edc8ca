import { DATASET_PRESETS, getPreset, type DatasetPreset } from '@descent/data';

// The data presets as the Data panel lists them. The Studio caps sample counts for snappy previews.

export const STUDIO_MAX_SAMPLES = 2000;

export const PRESETS: readonly DatasetPreset[] = DATASET_PRESETS;

export function presetOf(id: string): DatasetPreset | null {
  try {
    return getPreset(id);
  } catch {
    return null;
  }
}

export const classesOf = (p: DatasetPreset): number => (p.task === 'regression' ? 0 : p.task === 'binary' ? 2 : p.outputDim);
