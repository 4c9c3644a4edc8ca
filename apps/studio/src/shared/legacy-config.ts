// The run configuration of the Studio's first saved-run format (descent-run version 1), kept to migrate
// those runs: today a run's configuration is a @descent/train RunSpec.

export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'softplus', 'gelu', 'silu', 'identity'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface DenseSpec {
  id: string;
  kind: 'dense';
  units: number;
  activation: Activation;
}
export interface DropoutSpec {
  id: string;
  kind: 'dropout';
  rate: number;
}
export type LayerSpec = DenseSpec | DropoutSpec;

export type Task = 'binary' | 'multiclass' | 'regression';

export interface DataConfig {
  source: 'preset' | 'csv';
  preset: string;
  samples: number;
  noise: number;
  testFraction: number;
  seed: number;
  /** An imported CSV, kept inline (the text itself) so a run can be re-opened and re-trained. */
  csv?: {
    fileName: string;
    text: string;
    features: string[];
    target: string;
    task: Task;
  };
}

export type BatchMode = 'full' | 'sgd' | 'mini';
export type OptionValue = number | boolean | number[] | string;

export interface TrainingConfig {
  loss: string;
  optimizer: { name: string; options: Record<string, OptionValue> };
  batch: { mode: BatchMode; size: number };
  epochs: number;
  seed: number;
  schedule: { name: string; options: Record<string, OptionValue>; stepEvery: 'epoch' | 'batch' };
}

export interface RunConfig {
  model: LayerSpec[];
  data: DataConfig;
  training: TrainingConfig;
}
