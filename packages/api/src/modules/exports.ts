export { createInProcessJobs } from './jobs';
export type { ApiModule, SheetColumn, SheetEntity } from './module';
export { readSheet, writeSheet } from './spreadsheet';
