import { ProcessListPage } from '../process/ProcessListPage';
import { taskConfig } from './config';

/** 任务: the centre's work for grid workers, open ones by due time. */
export default function TasksPage() {
  return <ProcessListPage config={taskConfig} />;
}
