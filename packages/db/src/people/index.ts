export * from './person-records';
