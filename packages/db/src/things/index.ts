export * from './thing-records';
