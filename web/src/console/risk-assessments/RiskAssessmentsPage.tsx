import { ProcessListPage } from '../process/ProcessListPage';
import { riskAssessmentConfig } from './config';

/** 社会稳定风险评估: the worklist with deadlines and the intake form. */
export default function RiskAssessmentsPage() {
  return <ProcessListPage config={riskAssessmentConfig} />;
}
