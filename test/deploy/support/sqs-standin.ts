import { createHash, randomUUID } from 'node:crypto';
import { listen, StubError } from './http-stub';

/** A message as the SQS event source hands it to a Lambda (the fields the job worker reads, and a few more). */
export interface SqsRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, never>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/**
 * SQS (JSON 1.0 protocol: SendMessage) on a local endpoint. Messages wait per queue URL until the test takes them
 * (`take`) and delivers them to the worker bundle, as the Lambda event source mapping would (batch size 1).
 */
export async function startSqsStandIn(options: { region: string; account: string }) {
  const queues = new Map<string, SqsRecord[]>();
  const service = await listen(async (req, raw) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== 'AmazonSQS.SendMessage') throw new StubError('InvalidAction', `Not served: ${target}`);
    const { QueueUrl, MessageBody } = JSON.parse(raw) as { QueueUrl: string; MessageBody: string };
    const waiting = queues.get(QueueUrl);
    if (!waiting) throw new StubError('AWS.SimpleQueueService.NonExistentQueue', `No queue ${QueueUrl}`);
    const md5 = createHash('md5').update(MessageBody, 'utf8').digest('hex');
    const name = QueueUrl.split('/').at(-1);
    const record: SqsRecord = {
      messageId: randomUUID(),
      receiptHandle: randomUUID(),
      body: MessageBody,
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: md5,
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws-cn:sqs:${options.region}:${options.account}:${name}`,
      awsRegion: options.region,
    };
    waiting.push(record);
    return {
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ MessageId: record.messageId, MD5OfMessageBody: md5 }),
    };
  });
  return {
    endpoint: service.endpoint,
    stop: service.stop,
    /** a queue's URL on this endpoint (what CloudFormation's Ref of the queue resolves to here) */
    create(logicalId: string): string {
      const url = `${service.endpoint}/${options.account}/${logicalId}`;
      queues.set(url, []);
      return url;
    },
    /** the messages waiting in a queue, removed from it (an event source poll) */
    take(url: string): SqsRecord[] {
      const waiting = queues.get(url) ?? [];
      return waiting.splice(0, waiting.length);
    },
  };
}
