export * from './camera';
export * from './thing';
export * from './thing-classes';
