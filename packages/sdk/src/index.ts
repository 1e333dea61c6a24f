// One import serves an integration: the domain model, the client, the outbox and the BOM engine.
// (Biome keeps these lines sorted; outbox, platform and storage belong to the offline-outbox work.)
export * as engine from '@shopfloor/bom-engine';
export { BomError, compileBom } from '@shopfloor/bom-engine';
export * from './client/index.js';
export * from './errors/index.js';
export * from './outbox/index.js';
export * from './platform/index.js';
export * from './schemas/index.js';
export * from './storage/index.js';
