import { ProcessListPage } from '../process/ProcessListPage';
import { petitionConfig } from './config';

/** 信访: the worklist (积案 by deadline), the reception log by channel, the intake form. */
export default function PetitionsPage() {
  return <ProcessListPage config={petitionConfig} />;
}
