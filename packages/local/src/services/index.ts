export * from './dynamodb-local';
export { freePort } from './free-port';
export { findJava, JAVA_MISSING } from './java';
export * from './s3-local';
export * from './tethered-process';
