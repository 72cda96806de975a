import { ProcessListPage } from '../process/ProcessListPage';
import { earlyWarningConfig } from './config';

/** 预警: the worklist with deadlines and the intake form. */
export default function EarlyWarningsPage() {
  return <ProcessListPage config={earlyWarningConfig} />;
}
