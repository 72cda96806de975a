export * from './early-warning';
