import { describe, expect, it } from 'vitest';
import { routeOf } from './routes';

describe('routes', () => {
  it('opens a single-use link by its token', () => {
    expect(routeOf('/l/Dj1Lnn34_BXqqQA4nGQwoEuGedLNSnnYFbX3d3nkY4o')).toEqual({
      kind: 'link',
      key: 'Dj1Lnn34_BXqqQA4nGQwoEuGedLNSnnYFbX3d3nkY4o',
    });
  });

  it('opens a standard link by organization and slug', () => {
    expect(routeOf('/demo-organization/intro/')).toEqual({
      kind: 'link',
      key: 'demo-organization/intro',
    });
  });

  it('opens a booking by its manage token', () => {
    expect(routeOf('/m/m_8jcSoT3BMubuV3wIKgKIFysB0cF7TQwJwqbzoLBtnDk')).toEqual({
      kind: 'manage',
      token: 'm_8jcSoT3BMubuV3wIKgKIFysB0cF7TQwJwqbzoLBtnDk',
    });
  });

  it('opens nothing else', () => {
    for (const path of ['/', '/l', '/a/b/c', '/a/b%2Fc', '/a/<b>']) {
      expect(routeOf(path)).toEqual({ kind: 'unknown' });
    }
  });
});
