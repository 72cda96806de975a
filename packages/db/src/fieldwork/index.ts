export * from './field-records';
