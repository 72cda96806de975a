import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The commands that accept `ReturnConsumedCapacity` (the control plane does not). */
const READS = new Set([
  'GetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'BatchGetItemCommand',
  'TransactGetItemsCommand',
]);
const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/** Running totals of what the store reported as consumed, and how many Scans were sent. */
export interface CapacityTotals {
  rcu: number;
  wcu: number;
  scans: number;
  commands: Record<string, number>;
}

/**
 * Meters every command a DynamoDB client sends: asks for `ReturnConsumedCapacity: TOTAL` and adds up the
 * answer. The document client shares its base client's middleware stack, so one meter sees both.
 */
export function meterCapacity(client: DynamoDBClient | DynamoDBDocumentClient) {
  let totals: CapacityTotals = { rcu: 0, wcu: 0, scans: 0, commands: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? '');
      const input = args.input as Record<string, unknown>;
      const metered = READS.has(name) || WRITES.has(name);
      if (metered) input.ReturnConsumedCapacity = 'TOTAL';
      if (name === 'ScanCommand') totals.scans++;
      totals.commands[name] = (totals.commands[name] ?? 0) + 1;
      const result = await next(args);
      if (metered) {
        const reported = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
        for (const c of Array.isArray(reported) ? reported : reported ? [reported] : []) {
          const units = c.CapacityUnits ?? 0;
          totals.rcu += c.ReadCapacityUnits ?? (READS.has(name) ? units : 0);
          totals.wcu += c.WriteCapacityUnits ?? (WRITES.has(name) ? units : 0);
        }
      }
      return result;
    },
    { step: 'initialize', name: 'civicgridCapacityMeter', override: true },
  );
  return {
    /** totals since the last reset */
    read: (): CapacityTotals => ({ ...totals, commands: { ...totals.commands } }),
    reset() {
      totals = { rcu: 0, wcu: 0, scans: 0, commands: {} };
    },
  };
}

/** The meter's interface. */
export type CapacityMeter = ReturnType<typeof meterCapacity>;
