export * from './building';
export * from './map-settings';
