import { ProcessFilePage } from '../process/ProcessFilePage';
import { petitionConfig } from './config';

/** The petition file: petitioners, clock, timeline, reply document, actions. */
export default function PetitionFilePage() {
  return <ProcessFilePage config={petitionConfig} />;
}
