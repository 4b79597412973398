// The servers from the global setup are there and behave as the suite assumes.
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import mongoose from 'mongoose';
import { testMongoUri, testTemporalAddress, testTimeSkippingServerPath, uniqueName } from './support/servers';

describe('test infrastructure', () => {
  it('serves the Temporal dev server on TEST_TEMPORAL_ADDRESS', async () => {
    const connection = await Connection.connect({ address: testTemporalAddress() });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/^1\./);
    } finally {
      await connection.close();
    }
  });

  it('gives each test file a database of its own on FerretDB, with unique indexes enforced', async () => {
    const db = await mongoose.createConnection(testMongoUri(uniqueName('infra'))).asPromise();
    try {
      const Thing = db.model('Thing', new mongoose.Schema({ key: { type: String, unique: true } }));
      await Thing.init();
      await Thing.create({ key: 'a' });
      await expect(Thing.create({ key: 'a' })).rejects.toMatchObject({ code: 11000 });
    } finally {
      await db.dropDatabase();
      await db.close();
    }
  });

  it('starts the time-skipping test server from TEST_TIME_SKIPPING_SERVER', async () => {
    const env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testTimeSkippingServerPath() } },
    });
    try {
      expect(env.supportsTimeSkipping).toBe(true);
    } finally {
      await env.teardown();
    }
  });
});
