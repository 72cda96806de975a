export * from './access-log';
export * from './field-cipher';
export * from './record-repository';
export * from './tallies';
