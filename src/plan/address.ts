// Plan addresses: one grammar for plan and drift, in src/kinds/address.ts.
export { address } from '../kinds/address.js';
