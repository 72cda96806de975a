export * from './delivery';
export * from './events';
export * from './schemas';
