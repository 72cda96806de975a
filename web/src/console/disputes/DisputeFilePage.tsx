import { ProcessFilePage } from '../process/ProcessFilePage';
import { disputeConfig } from './config';

/** The dispute file: parties, sessions, timeline, agreement, and the mediator's forms. */
export default function DisputeFilePage() {
  return <ProcessFilePage config={disputeConfig} />;
}
