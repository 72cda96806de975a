export * from './legal-aid';
export * from './legal-call';
