import { describe, expect, it } from 'vitest';
import { checkedInClientSchema, renderClientSchema } from '../../scripts/gen-client';

describe('the console client generated from /openapi.json', () => {
  it('is current: the checked-in web/src/console/api-schema.d.ts is what `npm run gen:client` writes', {
    timeout: 120_000,
  }, async () => {
    const [fresh, checkedIn] = await Promise.all([renderClientSchema(), checkedInClientSchema()]);
    expect(fresh.length).toBeGreaterThan(1000);
    // a route, body or response schema changed without regenerating: run `npm run gen:client` and commit the file
    expect(checkedIn === fresh, 'web/src/console/api-schema.d.ts is stale: run `npm run gen:client`').toBe(true);
  });

  it('types the operations by their operationIds and the main bodies by name', async () => {
    const text = await checkedInClientSchema();
    for (const name of ['listCases', 'getCase', 'reportCase', 'getMe', 'logIn', 'open311CreateRequestJson']) {
      expect(text).toContain(`    ${name}: {`);
    }
    for (const schema of ['CaseItem', 'CaseDetail', 'CasePage', 'Me', 'User', 'Tenant', 'Error']) {
      expect(text).toContain(`        ${schema}: {`);
    }
  });
});
