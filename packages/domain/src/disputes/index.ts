export * from './dispute';
