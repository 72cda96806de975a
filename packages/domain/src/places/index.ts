export * from './building';
