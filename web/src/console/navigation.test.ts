import { describe, expect, it } from 'vitest';
import { screenOf } from './navigation';

describe('screenOf', () => {
  it('opens My links at /app', () => {
    expect(screenOf('/app')).toEqual({ kind: 'links' });
    expect(screenOf('/app/')).toEqual({ kind: 'links' });
  });

  it('names each screen by its address', () => {
    expect(screenOf('/app/meetings')).toEqual({ kind: 'meetings' });
    expect(screenOf('/app/reports')).toEqual({ kind: 'reports' });
    expect(screenOf('/app/calendar')).toEqual({ kind: 'calendar' });
    expect(screenOf('/app/links/TGluazox')).toEqual({ kind: 'children', linkId: 'TGluazox' });
  });

  it('knows no other address', () => {
    for (const path of ['/app/links', '/app/nothing', '/app/meetings/x', '/app/links/a/b', '/l/x', '/app/links/<x>']) {
      expect(screenOf(path)).toEqual({ kind: 'unknown' });
    }
  });
});
