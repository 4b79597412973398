import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../support/stack';

/**
 * Every released version of the mandate and task workflows left histories
 * here (saved with `temporal workflow show --output json`). The current code
 * must replay them without non-determinism: a change that would break
 * running mandates or tasks needs `patched()`. Add histories for each new
 * workflow version (v1: before office tasks; v2: with them; v3: the board's
 * votes and meetings as workflows of their own, saved by running
 * test/api/board-year.test.ts with SAVE_HISTORIES=1).
 */
const DIR = path.join(__dirname, '../fixtures/histories');
const histories = readdirSync(DIR).filter((file) => file.endsWith('.json'));

describe('replay of saved workflow histories', () => {
  it('has histories to replay', () => {
    expect(histories.filter((file) => file.startsWith('v1-')).length).toBeGreaterThanOrEqual(2);
    expect(histories.filter((file) => file.startsWith('v2-task-')).length).toBeGreaterThanOrEqual(2);
    expect(histories.filter((file) => file.startsWith('v3-vote-')).length).toBeGreaterThanOrEqual(3);
    expect(histories).toEqual(expect.arrayContaining(['v3-mandate-with-board-votes.json', 'v3-meeting-held.json']));
  });

  it.each(histories)('replays %s deterministically', async (file) => {
    const history = JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));
    const bundle = workflowBundle();
    await Worker.runReplayHistory(bundle ? { workflowBundle: bundle } : { workflowsPath: require.resolve('../../workflows') }, history, `replay-${file}`);
  });
});
