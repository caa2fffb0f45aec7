import { describe, expect, it } from 'vitest';
import { olderNodeMessage } from './node-version.mjs';

describe('the Node.js version check of npm start and npm test', () => {
  it('stops an older Node with one line saying what to run, and lets 24 and later through', () => {
    const message = olderNodeMessage('20.20.2');
    expect(message).toMatch(/^Tasklane runs on Node\.js 24 \(this is 20\.20\.2\): run `\. scripts\/node\.sh`/);
    expect(message).not.toContain('\n');
    expect(olderNodeMessage('22.18.0')).not.toBeNull();
    expect(olderNodeMessage('24.0.0')).toBeNull();
    expect(olderNodeMessage('26.12.1')).toBeNull();
  });
});
