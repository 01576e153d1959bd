import { describe, expect, test } from '@jest/globals'
import { withCacheScope } from '../../src/plan/cache.js'

describe('a GitHub Actions cache scope per image', () => {
  test.each<[string, string[], string[]]>([
    ['gha without a scope gets the image', ['type=gha,mode=max'], ['type=gha,mode=max,scope=backend']],
    ['gha cache-from', ['type=gha'], ['type=gha,scope=backend']],
    ['spaces around fields', [' type = gha , mode=max'], [' type = gha , mode=max,scope=backend']],
    ['the type in capitals', ['type=GHA'], ['type=GHA,scope=backend']],
    ['a scope the user set is kept', ['type=gha,scope=shared,mode=max'], ['type=gha,scope=shared,mode=max']],
    ["an empty scope is the user's", ['type=gha,scope='], ['type=gha,scope=']],
    [
      'registry caches are left alone',
      ['type=registry,ref=r.example.com/app/cache'],
      ['type=registry,ref=r.example.com/app/cache']
    ],
    ['a bare reference is left alone', ['r.example.com/app/cache'], ['r.example.com/app/cache']],
    ['local caches are left alone', ['type=local,dest=/tmp/cache'], ['type=local,dest=/tmp/cache']],
    [
      'each entry on its own',
      ['type=gha', 'type=gha,scope=x', 'type=inline'],
      ['type=gha,scope=backend', 'type=gha,scope=x', 'type=inline']
    ],
    ['an unreadable entry is left for buildx to refuse', ['type=gha,"url=x'], ['type=gha,"url=x']],
    ['no entries', [], []]
  ])('%s', (_name, entries, expected) => {
    expect(withCacheScope(entries, 'backend')).toEqual(expected)
  })
})
