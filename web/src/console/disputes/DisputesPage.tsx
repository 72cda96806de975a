import { ProcessListPage } from '../process/ProcessListPage';
import { disputeConfig } from './config';

/** 矛盾纠纷: the worklist with deadlines and the intake form. */
export default function DisputesPage() {
  return <ProcessListPage config={disputeConfig} />;
}
