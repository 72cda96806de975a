export * from './petition';
