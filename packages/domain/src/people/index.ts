export * from './household';
export * from './person';
export * from './population';
