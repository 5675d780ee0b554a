export * from './catalog.ts';
export { type CatalogConfig, openCatalog } from './open-catalog.ts';
