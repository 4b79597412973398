import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/stack';

/**
 * Every released version of the mandate workflow left histories here (saved
 * with `temporal workflow show --output json`). The current code must replay
 * them without non-determinism: a change that would break running mandates
 * needs `patched()`. Add a history for each new workflow version.
 */
const DIR = path.join(__dirname, '../fixtures/histories');
const histories = readdirSync(DIR).filter((file) => file.endsWith('.json'));

describe('replay of saved mandate workflow histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(2);
  });

  it.each(histories)('replays %s deterministically', async (file) => {
    const history = JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));
    const bundle = workflowBundle();
    await Worker.runReplayHistory(bundle ? { workflowBundle: bundle } : { workflowsPath: require.resolve('../../workflows') }, history, `replay-${file}`);
  });
});
