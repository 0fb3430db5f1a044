"""Reader pages from cache, correct within a second of any change.

- `store`: the shared page store, the site's generation and the next scheduled change.
- `middleware.PageCacheMiddleware`: answers anonymous readers from the store.
- `headers`: Cache-Control, ETag, Last-Modified and surrogate keys on public answers.
- `invalidation`: notices every committed write a reader could see; bumps the generation
  and purges Varnish.

docs/caching.md explains the design and its limits.
"""
