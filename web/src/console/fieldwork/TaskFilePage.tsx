import { ProcessFilePage } from '../process/ProcessFilePage';
import { taskConfig } from './config';

/** One task: subjects, due time, timeline and the actions the caller may take. */
export default function TaskFilePage() {
  return <ProcessFilePage config={taskConfig} />;
}
