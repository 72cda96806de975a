export * from './frequency-repository';
export * from './profile-records';
