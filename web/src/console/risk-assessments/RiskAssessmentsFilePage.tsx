import { ProcessFilePage } from '../process/ProcessFilePage';
import { riskAssessmentConfig } from './config';

/** One 社会稳定风险评估 record: its fields, clock, timeline, and the caller's actions. */
export default function RiskAssessmentsFilePage() {
  return <ProcessFilePage config={riskAssessmentConfig} />;
}
