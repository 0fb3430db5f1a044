"""Reading the full-text index from the stories app: query parsing, and the editors' search.

newsroom/search_index.py keeps the index (SQLite FTS5, PostgreSQL tsvector); newsroom/
search.py ranks published stories for readers and imports the parsing below from here,
so readers and editors cut a query into words the same way. The admin's story search
(`admin_story_search`) uses the index instead of `UPPER(body) LIKE '%…%'`, which read
every body of a 100,000-story archive for each search.

Every statement is constant SQL; words are always query parameters.
"""

# The SQL below is assembled from constants and placeholders only (S608, S611 flag them).
# ruff: noqa: S611

import json
import re

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.text import slugify

from sources.models import Source

from .models import Author, Byline, Quote, Story

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
MAX_QUERY_LENGTH = 1000
# Stories found by a name (a byline, a quoted or mentioned source) an editor's search looks
# at: a staff writer's whole output is a few thousand.
MAX_NAMED = 10_000
# PostgreSQL's english configuration drops these (its Snowball list); SQLite's FTS5 has no
# stop words, so "the" matched every story. Leaving them out of the terms gives both
# databases the same matches.
STOP_WORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "did", "do", "does", "doing", "don", "down", "during", "each", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over",
    "own", "s", "same", "she", "should", "so", "some", "such", "t", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this",
    "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were",
    "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "you",
    "your", "yours", "yourself", "yourselves",
])  # fmt: skip


def search_terms(query: str) -> list[str]:
    """The words of a reader's query: lower-cased, deduplicated, no stop words, bounded in
    number and size."""
    words = re.findall(r"\w+", query[:MAX_QUERY_LENGTH].lower())
    terms = [
        word
        for word in dict.fromkeys(words)
        if len(word) <= MAX_TERM_LENGTH and word not in STOP_WORDS
    ]
    return terms[:MAX_TERMS]


def fts5_match(terms: list[str], *, prefix: bool = False) -> str:
    """An FTS5 query matching every term; with `prefix`, the last as a word's beginning."""
    # Each term as an FTS5 string (double quotes doubled), so no term is ever an operator.
    quoted = ['"{}"'.format(term.replace('"', '""')) for term in terms]
    if prefix and quoted:
        quoted[-1] += "*"
    return " ".join(quoted)


def _postgres_tsquery(terms: list[str], *, prefix: bool) -> str:
    # Words only (search_terms keeps \w+), quoted as lexemes so none is an operator.
    lexemes = ["'{}'".format(term.replace("'", "")) for term in terms]
    if prefix and lexemes:
        lexemes[-1] += ":*"
    return " & ".join(lexemes)


def admin_story_search(queryset: QuerySet, query: str) -> QuerySet:
    """The stories of `queryset` an editor's search finds, by the index and by names.

    A story matches when its headline, dek, body and tags hold every word (the last may be
    the beginning of a word, as an editor types), when the query is its slug, or when a
    byline's author or a source it quotes or mentions is named by every word. The author
    and source tables are small; the stories are reached from them through indexed
    foreign keys, never by reading stories' text.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none() if query.strip() else queryset
    named = Q()
    for term in terms:
        named &= Q(name__icontains=term)
    # The author and source tables are small: reading their names is cheap, and the stories
    # are reached from them through indexed foreign keys. One query for all of them.
    authors, sources = Author.objects.filter(named), Source.objects.filter(named)
    by_name = (
        Story.objects.filter(slug=slugify(query)[:200])
        .order_by()
        .values_list("pk")
        .union(
            Byline.objects.filter(author__in=authors).order_by().values_list("story_id"),
            Quote.objects.filter(source__in=sources).order_by().values_list("story_id"),
            Story.mentioned_sources.through.objects.filter(source__in=sources).values_list(
                "story_id"
            ),
        )
    )
    named_ids = [pk for (pk,) in by_name[:MAX_NAMED]]
    if connection.vendor == "postgresql":
        # The stored vector is tested on the row itself, so the planner may walk the
        # list's ordering index (a common word fills the page within a few hundred rows)
        # or, for a rare one, OR the vector's GIN index with the primary key's.
        condition = (
            "(stories_story.search_vector @@ to_tsquery('english', %s) "
            "OR stories_story.id = ANY(%s))"
        )
        params = [_postgres_tsquery(terms, prefix=True), named_ids]
    else:
        # One set of ids, built once; the unary + keeps SQLite from fetching the stories
        # by id from it and sorting them all ("council" matches most of the archive): it
        # walks the list's ordering index instead and stops at the page's last row.
        # UNION ALL: IN ignores an id found twice, and UNION first sorted every match
        # into a temporary B-tree (9 of 21 ms for "council" at 100,000, twice a page).
        condition = (
            "+stories_story.id IN (SELECT rowid FROM search_story_fts WHERE "
            "search_story_fts MATCH %s UNION ALL SELECT value FROM json_each(%s))"
        )
        params = [fts5_match(terms, prefix=True), json.dumps(named_ids)]
    matches = RawSQL(condition, params, BooleanField())
    return queryset.filter(matches)
