import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { createLambdaWorkflowHandlers } from '@civicgrid/workflow';
import middy from '@middy/core';

/** Shared by the three workflow task entries: one logger, one set of handlers per container. */
export const logger = new Logger();

const handlers = await createLambdaWorkflowHandlers();

type Handlers = typeof handlers;

/** Wraps one workflow task handler as a Lambda handler: the Step Functions payload is the handler's input. */
export function workflowTask<K extends keyof Handlers>(name: K) {
  const task = handlers[name] as (input: Parameters<Handlers[K]>[0]) => ReturnType<Handlers[K]>;
  return middy(async (event: Parameters<Handlers[K]>[0]) => task(event)).use(injectLambdaContext(logger));
}
