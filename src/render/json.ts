import { serializePlan } from '../plan/serialize.js';
import type { Plan } from '../plan/types.js';

/** The saved-plan format (schemas/plan.schema.json, with formatVersion). */
export function renderJson(plan: Plan): string {
  return serializePlan(plan);
}
