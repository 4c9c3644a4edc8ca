import type { Area } from '../area.js';
import { TENSOR_AREAS } from './tensor.js';
import { TRAINING_AREAS } from './training.js';
import { DATA_AREAS } from './data.js';
import { FIT_AREAS } from './fit.js';
import { CLI_AREA_LIST } from './cli.js';

/** Every area of the suite, by name. The library areas run in test/library.test.ts, the CLI ones in test/cli.test.ts. */
export const LIBRARY_AREAS: readonly Area[] = [...TENSOR_AREAS, ...TRAINING_AREAS, ...DATA_AREAS, ...FIT_AREAS];
export const CLI_AREAS: readonly Area[] = CLI_AREA_LIST;

export const AREAS: ReadonlyMap<string, Area> = new Map([...LIBRARY_AREAS, ...CLI_AREAS].map((a) => [a.name, a]));
