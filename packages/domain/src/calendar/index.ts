export * from './national-calendar';
export * from './shanghai-time';
export * from './working-calendar';
export * from './working-time';
