import { ProcessListPage } from '../process/ProcessListPage';
import { legalCallConfig } from './config';

/** 12348 热线: the worklist with deadlines and the intake form. */
export default function LegalCallsPage() {
  return <ProcessListPage config={legalCallConfig} />;
}
