export * from './kpi';
export * from './patrol';
export * from './task';
export * from './visit';
