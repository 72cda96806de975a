import { ProcessFilePage } from '../process/ProcessFilePage';
import { legalCallConfig } from './config';

/** One 12348 热线 record: its fields, clock, timeline, and the caller's actions. */
export default function LegalCallsFilePage() {
  return <ProcessFilePage config={legalCallConfig} />;
}
