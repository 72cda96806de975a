export * from './process-repository';
