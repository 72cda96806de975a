export * from './organisation-records';
