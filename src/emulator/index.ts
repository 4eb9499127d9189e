// The Admin API emulator: a faithful local server for the demo, end-to-end tests and benchmarks.
export { startEmulator } from './server.js';
export type { EmulatorControl, EmulatorOptions, RunningEmulator } from './server.js';
export type { RequestCounts } from './control.js';
export type { FaultSettings } from './faults.js';
export { LIVE_THROTTLE } from './faults.js';
export type { ThrottleReport, WindowHistory, WindowRecord } from './throttle.js';
export { demoSeed } from './demo-seed.js';
export type {
  EmulatorSeed,
  SeedAdminKey,
  SeedCertificate,
  SeedGroup,
  SeedInvite,
  SeedProject,
  SeedRole,
  SeedRoleAssignment,
  SeedSpendAlert,
  SeedSpendLimit,
  SeedUser,
} from './seed-types.js';
export type { UnsetSettingsMode } from './types.js';
export { validateSeed } from './seed-schema.js';
export { dumpSeed } from './seed.js';
