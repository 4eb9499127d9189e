// The one place where rate-limit fields map between the wire (snake_case) and the model.
import type { ProjectRateLimit, ProjectRateLimitUpdateRequest } from '../api/types.js';
import { RATE_LIMIT_FIELDS, type RateLimit, type RateLimitField } from '../model/types.js';

export const RATE_LIMIT_WIRE_FIELDS = {
  maxRequestsPer1Minute: 'max_requests_per_1_minute',
  maxTokensPer1Minute: 'max_tokens_per_1_minute',
  maxImagesPer1Minute: 'max_images_per_1_minute',
  maxAudioMegabytesPer1Minute: 'max_audio_megabytes_per_1_minute',
  maxRequestsPer1Day: 'max_requests_per_1_day',
  batch1DayMaxInputTokens: 'batch_1_day_max_input_tokens',
} as const satisfies Record<RateLimitField, keyof ProjectRateLimit & keyof ProjectRateLimitUpdateRequest>;


export function rateLimitFromWire(wire: ProjectRateLimit): RateLimit {
  const limit: { -readonly [K in keyof RateLimit]: RateLimit[K] } = { model: wire.model, id: wire.id };
  for (const field of RATE_LIMIT_FIELDS) {
    const value = wire[RATE_LIMIT_WIRE_FIELDS[field]];
    if (typeof value === 'number') limit[field] = value;
  }
  return limit;
}

/** The update body setting the given model fields (fields left undefined are not sent). */
export function rateLimitToWire(limit: Partial<Pick<RateLimit, RateLimitField>>): ProjectRateLimitUpdateRequest {
  const body: Record<string, number> = {};
  for (const field of RATE_LIMIT_FIELDS) {
    const value = limit[field];
    if (value !== undefined) body[RATE_LIMIT_WIRE_FIELDS[field]] = value;
  }
  return body;
}
