export {
  CATALOG_PLATFORMS,
  findCatalogEntry,
  formatHint,
  loadCatalog,
  searchCatalog,
  type CatalogEntry,
  type CatalogPlatform,
} from './catalog.ts';
