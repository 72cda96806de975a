export * from './errors';
export * from './tenant-path';
