import { ProcessFilePage } from '../process/ProcessFilePage';
import { legalAidConfig } from './config';

/** One 法律援助 record: its fields, clock, timeline, and the caller's actions. */
export default function LegalAidFilePage() {
  return <ProcessFilePage config={legalAidConfig} />;
}
