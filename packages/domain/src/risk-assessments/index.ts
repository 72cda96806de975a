export * from './risk-assessment';
