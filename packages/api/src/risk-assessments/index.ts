import type { ApiModule } from '../modules/module';
import { registerRiskAssessmentRoutes } from './routes';

/** Stability-risk assessments (稳评): statistics, the printable report. The engine serves the rest. */
export const riskAssessmentsModule: ApiModule = { name: 'risk-assessments', routes: registerRiskAssessmentRoutes };
