import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantPath, VisitFrequencyTable } from '@civicgrid/domain';
import type { Store } from '../client';

/** A tenant's visit frequency table (days by group and risk grade): `PK=<path>SPECIAL#SETTINGS SK=frequency`. */
export class VisitFrequencyRepository {
  constructor(private readonly store: Store) {}

  private key(path: TenantPath) {
    return { PK: `${path}SPECIAL#SETTINGS`, SK: 'frequency' };
  }

  async get(path: TenantPath): Promise<VisitFrequencyTable> {
    const res = await this.store.doc.send(new GetCommand({ TableName: this.store.tableName, Key: this.key(path) }));
    return (res.Item?.table as VisitFrequencyTable | undefined) ?? {};
  }

  async set(path: TenantPath, table: VisitFrequencyTable): Promise<void> {
    await this.store.doc.send(new PutCommand({ TableName: this.store.tableName, Item: { ...this.key(path), table } }));
  }
}
