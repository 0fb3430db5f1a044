"""PostgreSQL: new stories' search documents, computed ahead on a second connection.

Computing a story's document (to_tsvector over its headline, dek, tags and 400-word
body) is most of the server's work for a new story, about 0.6 ms. The read-ahead thread
asks its own connection for the documents of the next batch while the main connection
writes the current one, so the two run on two cores. The writer passes a document in
with the story's INSERT and the trigger keeps it; a story without one (an update, a tag
spelt differently in the database, any error here) gets its document from the trigger.
Nothing here writes: the documents are only ever a head start.
"""

from collections.abc import Iterable, Iterator

from django.db import DatabaseError, connection

from ..sanitize import HTMLTooComplexError, check_html_bounds, clean_body
from .base import ParsedStory

# One row of values a story: quoting scalars is C code in psycopg, arrays are Python.
DOCUMENTS_SQL = """
SELECT i.n, search_story_document(i.headline, i.dek, i.tags, i.body)::text
FROM (VALUES {rows}) AS i(n, key, headline, dek, tags, body)
WHERE NOT EXISTS (SELECT 1 FROM stories_story s WHERE s.import_key = i.key)
"""


def with_documents(items: Iterable, *, size: int, extra_tags: list[str]) -> Iterator:
    """Yield what `items` yields, new stories' search documents filled `size` at a time.

    Run in the read-ahead thread, whose connection is its own (read_ahead closes it):
    only committed stories are visible there, so at worst a document is wasted.
    """
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            _fill(chunk, extra_tags)
            yield from chunk
            chunk = []
    _fill(chunk, extra_tags)
    yield from chunk


def story_tag_names(names: Iterable[str]) -> tuple[str, ...]:
    """One name per tag (tags are case-insensitive), in the document's order."""
    unique = {}
    for name in names:
        unique.setdefault(name.lower(), name)
    return tuple(sorted(unique.values()))


def _fill(chunk: list, extra_tags: list[str]) -> None:
    stories = []
    for item in chunk:
        if not isinstance(item, ParsedStory):
            continue  # a BadInput, for the importer to report
        try:
            # The sanitizer's work is bounded first, as the importer does before it.
            check_html_bounds(item.body)
        except HTMLTooComplexError:
            continue
        item.clean_body = clean_body(item.body)
        item.document_tags = story_tag_names(item.tags + extra_tags)
        stories.append(item)
    if not stories:
        return
    params = []
    for n, item in enumerate(stories):
        tags = " ".join(item.document_tags)
        params += [n, item.key, item.headline, item.dek, tags, item.clean_body]
    sql = DOCUMENTS_SQL.format(rows=", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(stories)))
    try:
        with connection.cursor() as cursor:
            # Stories already in the database (committed) are updates or unchanged: the
            # trigger decides for those, so no document is computed for a resumed run.
            cursor.execute(sql, params)
            for n, document in cursor.fetchall():
                stories[n].document = document
    except DatabaseError:
        return  # the trigger computes them; the writer reports any real problem
