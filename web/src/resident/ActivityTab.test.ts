// @vitest-environment happy-dom
import { act, createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { Activity } from '../api.ts';
import { reactTestRoot } from '../shared/reactTestRoot.ts';
import { ActivityTab } from './ActivityTab.tsx';

const dom = reactTestRoot();

const entry = (id: number, at: string, text: string): Activity => ({
  id,
  type: 'lock.opened',
  at,
  text,
  who: 'You',
  onBehalfOf: null,
  doorName: 'Main Gate',
  holderName: 'Alex Kim',
  lockId: null,
});

const render = (entries: Activity[]) =>
  act(() =>
    dom.root.render(
      createElement(ActivityTab, {
        entries,
        error: null,
        timeZone: 'America/Chicago',
        hasMore: false,
        loadingMore: false,
        onLoadMore: () => {},
      }),
    ),
  );

describe('ActivityTab', () => {
  it('shows each entry once, its time beside the sentence in the community time zone', () => {
    const opened = entry(2, '2026-06-15T19:02:00Z', 'Your code opened Main Gate');
    render([opened, opened, entry(1, '2026-06-15T14:30:00Z', 'Your code opened Pool')]);
    const items = [...dom.host.querySelectorAll('li')];
    expect(items.map((li) => li.textContent)).toEqual([
      '14:02 Your code opened Main Gate',
      '09:30 Your code opened Pool',
    ]);
    expect(items[0]?.querySelector('time')?.getAttribute('datetime')).toBe('2026-06-15T19:02:00Z');
  });
});
