import { ProcessListPage } from '../process/ProcessListPage';
import { legalAidConfig } from './config';

/** 法律援助: the worklist with deadlines and the intake form. */
export default function LegalAidPage() {
  return <ProcessListPage config={legalAidConfig} />;
}
