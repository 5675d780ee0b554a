export * from './catalog.ts';
export { newId, newOrderedId } from './ids.ts';
export { type CatalogConfig, openCatalog } from './open-catalog.ts';
