export * from './building-records';
