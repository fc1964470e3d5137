import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { MIN_DELAY_MS, QUIET_MS, ValidationScheduler } from '../../server/src/lsp/validationScheduler';

describe('validation scheduler', () => {
  test('the pause after a change follows what validating the document costs, bounded by the setting', () => {
    let setting = 75;
    const scheduler = new ValidationScheduler(() => {}, () => setting, true);
    assert.equal(scheduler.delayFor('file:///a'), 75, 'unknown cost: the setting');
    scheduler.cost('file:///a', 2.4);
    assert.equal(scheduler.delayFor('file:///a'), MIN_DELAY_MS, 'a cheap file: the minimum');
    scheduler.cost('file:///a', 41.2);
    scheduler.cost('file:///a', 41.2);
    assert.equal(scheduler.delayFor('file:///a'), 42, 'the median of the recent costs');
    scheduler.cost('file:///a', 900);
    assert.equal(scheduler.delayFor('file:///a'), 42, 'one slow validation (a GC pause) does not move it');
    scheduler.cost('file:///a', 900);
    scheduler.cost('file:///a', 900);
    assert.equal(scheduler.delayFor('file:///a'), 75, 'a slow file: the setting');
    setting = 20;
    assert.equal(scheduler.delayFor('file:///a'), 20);
    scheduler.forget('file:///a');
    assert.equal(scheduler.delayFor('file:///a'), 20);
  });

  test('the first change after a quiet spell is validated at once when validation is cheap; the rest of a burst waits', () => {
    const scheduler = new ValidationScheduler(() => {}, () => 75, true);
    scheduler.cost('file:///c', 20);
    assert.equal(scheduler.pauseAfterChange('file:///c', 1000), 0, 'first change: at once');
    assert.equal(scheduler.pauseAfterChange('file:///c', 1080), 20, 'typing on: the adaptive pause');
    assert.equal(scheduler.pauseAfterChange('file:///c', 1200), 20);
    assert.equal(scheduler.pauseAfterChange('file:///c', 1200 + QUIET_MS), 0, 'after a quiet spell: at once again');
    for (let i = 0; i < 5; i++) scheduler.cost('file:///c', 90);
    assert.equal(scheduler.pauseAfterChange('file:///c', 3000), 0, 'up to LEADING_EDGE_MAX_COST_MS: at once');
    for (let i = 0; i < 5; i++) scheduler.cost('file:///c', 300);
    assert.equal(scheduler.pauseAfterChange('file:///c', 5000), 75, 'an expensive file never validates on the first keystroke');
  });

  test('without adaptation the setting is the pause', () => {
    const scheduler = new ValidationScheduler(() => {}, () => 250);
    scheduler.cost('file:///a', 3);
    assert.equal(scheduler.delayFor('file:///a'), 250);
  });

  test('a burst of changes runs once, for the last one', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const runs: string[] = [];
    const scheduler = new ValidationScheduler((uri) => { runs.push(uri); }, () => 5, true);
    for (let i = 0; i < 10; i++) scheduler.later('file:///b');
    assert.deepEqual(runs, [], 'nothing runs before the pause');
    t.mock.timers.tick(5);
    assert.deepEqual(runs, ['file:///b']);
    t.mock.timers.tick(1000);
    assert.deepEqual(runs, ['file:///b'], 'and nothing after it');
    scheduler.dispose();
  });
});
