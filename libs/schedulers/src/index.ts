// @descent/schedulers: learning-rate schedules as plain functions of the step, and drivers applying them.
export type { Schedule, ScheduleTarget, LrScheduler } from './schedule.js';
export {
  constantSchedule,
  stepSchedule,
  multiStepSchedule,
  exponentialSchedule,
  cosineSchedule,
  cosineWarmRestartsSchedule,
  warmRestartPhase,
  linearSchedule,
  polynomialSchedule,
  lambdaSchedule,
} from './closed-forms.js';
export { cyclicSchedule } from './cyclic.js';
export { oneCycleSchedule } from './one-cycle.js';
export { sequentialOf } from './sequential.js';
export { ReduceLROnPlateau, type PlateauState } from './plateau.js';
export { createSchedule, sequentialSchedule, lrCurve, momentumCurve, MAX_CURVE_STEPS } from './registry.js';
export { Scheduler, createScheduler, type GroupedTarget } from './scheduler.js';
export {
  type ConstantOptions,
  type StepOptions,
  type MultiStepOptions,
  type ExponentialOptions,
  type CosineOptions,
  type CosineWarmRestartsOptions,
  type LinearOptions,
  type PolynomialOptions,
  type CyclicMode,
  type CyclicOptions,
  type OneCycleOptions,
  type PlateauOptions,
  type SequentialOptions,
  type LambdaOptions,
  type ScheduleSpec,
  type ScheduleOptionsMap,
  type ScheduleName,
  type ScheduleOptionMeta,
  type ScheduleInfo,
  SCHEDULES,
  scheduleNames,
  isScheduleName,
  scheduleInfo,
  resolveScheduleOptions,
  scheduleProblems,
  describeValue,
} from './options.js';
