import { ProcessFilePage } from '../process/ProcessFilePage';
import { earlyWarningConfig } from './config';

/** One 预警 record: its fields, clock, timeline, and the caller's actions. */
export default function EarlyWarningsFilePage() {
  return <ProcessFilePage config={earlyWarningConfig} />;
}
