import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostId } from './ids.ts';
import { hostSeriesLabels, serviceSeriesLabels } from './series-labels.ts';

test('host and service metric labels are sorted, with the metric name under __name__', () => {
  assert.deepEqual(hostSeriesLabels(hostId('2zQBtGyNnYu'), 'loadavg5'), [
    { name: '__name__', value: 'loadavg5' },
    { name: 'host', value: '2zQBtGyNnYu' },
  ]);
  assert.deepEqual(serviceSeriesLabels('web', 'access.count'), [
    { name: '__name__', value: 'access.count' },
    { name: 'service', value: 'web' },
  ]);
});
