export * from './profile';
export * from './visit';
