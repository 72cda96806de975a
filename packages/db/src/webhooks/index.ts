export * from './event-tap';
export * from './hook-events';
export * from './webhook-repository';
