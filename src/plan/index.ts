// What the plan stage offers: the pure diff, plan (de)serialization, errors and types.
export { address } from './address.js';
export { CHANGE_ACTIONS, computePlan, type ComputePlanOptions } from './compute-plan.js';
export { formatPlanProblem, PlanError, PlanFormatError, type PlanProblem } from './errors.js';
export { parsePlan, PLAN_SCHEMA_URL, serializePlan } from './serialize.js';
export * from './types.js';
export {
  loadPlanManifests,
  readLive,
  runPlanPipeline,
  type LoadedManifests, type LiveSourceRequest,
  type PipelineManifests,
  type PlanPipelineOptions,
  type PlanPipelineResult,
  type ReadLiveOptions,
} from './pipeline.js';
