export {
  DEMO_LARGEST_BOM,
  type DemoCatalog,
  demoBomDocument,
  demoCatalog,
  HINGE_CHANGE_DATE,
} from './catalog.js';
export { COUNT_UNITS, type DemoItem, type RoutingStep } from './catalog-builder.js';
export { DEMO_CUSTOMER } from './genealogy.js';
export { SHORT_ITEMS } from './opening-stock.js';
export { DEMO_USERS, type DemoUser, LOCATIONS, WAREHOUSES, WORKSHOPS } from './plant.js';
export { type DemoSeedResult, seedDemoFactory } from './seed.js';
