// Drift targets use the plan's address grammar (src/kinds/address.ts), set addresses included.
export { address as addr, ANY, addressesOverlap, describeAddress } from '../kinds/address.js';
