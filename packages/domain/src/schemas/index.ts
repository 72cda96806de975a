export * from './case';
export * from './common';
export * from './grid';
export * from './tenant';
export * from './user';
