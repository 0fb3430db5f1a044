"""Search over published stories and public sources, on PostgreSQL or SQLite.

Both backends query the index that search_index.py keeps in sync, and both start from
`Story.objects.published()` and `sources_in_the_news()` (public sources that appear in
a published story): the index knows every row, the public QuerySets decide what a reader
may find. A reader's query never reaches the database as syntax: it is cut into at most
MAX_TERMS plain words, stop words left out, all of which must match.

Only the MAX_RESULTS most recent matches are ranked, in the same query that finds them:
"council" matches most of a 100,000-story archive, and ranking (and counting) every match
cost a second per search. Nothing is counted: a page fetches one result more than it
shows to know whether there are more. Snippets are made for the page shown only.

The RawSQL and extra() below are constant SQL (table and column names only); the words are
always query parameters (S610/S611 flag the APIs themselves).
"""

import html
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import BooleanField, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from sources.models import Source
from stories.fulltext import MAX_QUERY_LENGTH as MAX_QUERY_LENGTH
from stories.fulltext import fts5_match as _fts5_match
from stories.fulltext import search_terms as search_terms
from stories.models import Story
from stories.sources_in_stories import sources_in_the_news

# search_terms() and the limits on a query live in stories.fulltext, which the admin's
# story search shares; they are named here too, where the public search's callers look.
MAX_RESULTS = 1000
# Private-use characters the database puts around matched words; editors cannot type
# them by accident, and they survive HTML-escaping unchanged.
MARK_START, MARK_END = "\ue000", "\ue001"
SNIPPET_WORDS = 30


def search_stories(terms: list[str]) -> QuerySet:
    """Published stories matching every term, best first, each with `rank`.

    Of the MAX_RESULTS most recently added matches: those are found in index order and
    ranked; older ones are left out rather than ranked on every search.
    """
    if not terms:
        return Story.objects.none()
    if connection.vendor == "postgresql":
        return _postgres_stories(terms)
    return _sqlite_stories(terms)


def story_snippets(stories: list[Story], terms: list[str]) -> dict[int, SafeString]:
    """{story id: highlighted snippet of its body} for the stories on one page, in one query."""
    ids = [story.pk for story in stories]
    if not ids or not terms:
        return {}
    if connection.vendor == "postgresql":
        rows = _postgres_snippets(ids, terms)
    else:
        rows = _sqlite_snippets(ids, terms)
    return {pk: highlight(raw) for pk, raw in rows}


def search_sources(terms: list[str]) -> QuerySet:
    """Public sources in a published story matching every term, best first.

    The same rule as /sources/ and the sitemap: a source entered ahead of a draft
    ("Police chief nominee") would give the draft away.
    """
    if not terms:
        return Source.objects.none()
    sources = sources_in_the_news()
    if connection.vendor == "postgresql":
        query = _postgres_query(terms)
        vector = RawSQL('"sources_source"."search_vector"', [], output_field=SearchVectorField())
        return (
            sources.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(document=query)
            .order_by("-rank", "sort_name", "pk")
        )
    return sources.extra(
        tables=["search_source_fts"],
        where=["sources_source.id = +search_source_fts.rowid", "search_source_fts MATCH %s"],
        params=[_fts5_match(terms)],
        select={"rank": "bm25(search_source_fts, 10.0, 4.0, 1.0)"},  # name, title, bio
    ).order_by("rank", "sort_name", "pk")


def highlight(raw_snippet: str | None) -> SafeString:
    """A database snippet as safe HTML: tags dropped, everything escaped, matches in <mark>.

    The snippet is a window into the stored (sanitized) body HTML, so it may begin or end
    inside a tag; those halves go too.
    """
    text = raw_snippet or ""
    first_open, first_close = text.find("<"), text.find(">")
    if first_close != -1 and (first_open == -1 or first_close < first_open):
        text = text[first_close + 1 :]
    last_open, last_close = text.rfind("<"), text.rfind(">")
    if last_open > last_close:
        text = text[:last_open]
    text = re.sub(r"<[^>]*>", " ", text)
    text = " ".join(html.unescape(text).split())
    escaped = escape(text)
    marked = re.sub(
        f"{MARK_START}([^{MARK_END}]*){MARK_END}",
        lambda match: f"<mark>{match[1]}</mark>" if match[1].strip() else match[1],
        escaped,
    )
    marked = " ".join(marked.replace(MARK_START, "").replace(MARK_END, "").split())
    return mark_safe(marked)  # noqa: S308 - escaped above; only <mark> added


# --- PostgreSQL: the stored, GIN-indexed tsvector column ----------------------------


def _postgres_query(terms):
    return SearchQuery(" ".join(terms), config="english", search_type="plain")


# Whether the terms match few enough stories that reading every match through the GIN
# index costs less than walking the primary key newest first to the MAX_RESULTS-th match
# (the database function search_story_few_matches, newsroom.search_index). With f the
# share of stories matching (the product of each lexeme's share in the column's
# statistics, as the planner estimates it; a lexeme missing from them is rarer than all of
# them) and N the stories, the index reads f*N rows and the walk about MAX_RESULTS/f rows,
# each twice as dear (it reads the row's vector out of line: 3.5 against 2 us a row, warm,
# at 100,000 stories), so the index wins when f*f*N < 2*MAX_RESULTS (f under 14% at
# 100,000 stories). Without statistics (a table never analysed) it is false: the walk.
WALK_ROW_COST = 2


def few_matches(terms: list[str]) -> RawSQL:
    """PostgreSQL: whether reading every match of `terms` by the GIN index is the cheaper plan."""
    return RawSQL(
        "search_story_few_matches(%s, %s)",
        [" ".join(terms), WALK_ROW_COST * MAX_RESULTS],
        output_field=BooleanField(),
    )


def _postgres_stories(terms):
    query = _postgres_query(terms)
    # Unqualified: inside the subquery it names the subquery's own table (Django aliases
    # it), outside it names the ranked one.
    vector = RawSQL('"search_vector"', [], output_field=SearchVectorField())
    matches = Story.objects.published().annotate(document=vector).filter(document=query)
    few = few_matches(terms)
    # The newest MAX_RESULTS matches, by one of two plans; the condition is a constant of
    # the query, so PostgreSQL runs only the branch it selects. PostgreSQL's own choice
    # was the walk for words in a few percent of stories too: it does not charge `@@`
    # for reading each row's 3 KB vector out of line (30,000 rows, 400 ms at 100,000).
    walk = matches.alias(few=few).filter(few=False).order_by("-id")
    # "id + 0" is not the primary key, so no plan can walk it: the GIN index finds every
    # match and the newest are kept by a top-N sort.
    by_index = matches.alias(few=few).filter(few=True).order_by((F("id") + 0).desc())
    newest = walk.values("pk")[:MAX_RESULTS].union(by_index.values("pk")[:MAX_RESULTS], all=True)
    return (
        Story.objects.filter(pk__in=newest)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "-published_at", "-id")
    )


def _postgres_snippets(ids, terms):
    return Story.objects.filter(pk__in=ids).values_list(
        "pk",
        SearchHeadline(
            "body",
            _postgres_query(terms),
            config="english",
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )


# --- SQLite: FTS5 tables, bm25 ranking and snippet() --------------------------------


def _sqlite_stories(terms):
    match = _fts5_match(terms)
    # One query. The scalar subquery finds the rowid of the MAX_RESULTS-th newest match
    # (FTS5 streams matches newest first and the LIMIT stops it early); the outer MATCH
    # then reads only matches at or above that rowid, a range FTS5 seeks to, so bm25 and
    # the join run for at most MAX_RESULTS rows instead of every match of a common word.
    # The unary "+" on the rowid stops SQLite from driving the join from stories_story and
    # handing FTS5 a rowid per story, which re-runs the full-text query for each one. The
    # FTS table has no model: the one place `extra()` earns its keep. Among the newest
    # MAX_RESULTS matches, drafts and scheduled stories take a place (about 1% of an
    # archive): the same on PostgreSQL.
    return (
        Story.objects.published()
        .extra(
            tables=["search_story_fts"],
            where=[
                "stories_story.id = +search_story_fts.rowid",
                "search_story_fts MATCH %s",
                "search_story_fts.rowid >= (SELECT coalesce(min(rowid), 0) FROM ("
                "SELECT rowid FROM search_story_fts WHERE search_story_fts MATCH %s "
                "ORDER BY rowid DESC LIMIT %s))",
            ],
            params=[match, match, MAX_RESULTS],
            # Columns: headline, dek, body, tags. bm25 is lower-is-better.
            select={"rank": "bm25(search_story_fts, 10.0, 4.0, 1.0, 4.0)"},
        )
        .order_by("rank", "-published_at", "-id")
    )


def _sqlite_snippets(ids, terms):
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, snippet(search_story_fts, 2, %s, %s, '…', {SNIPPET_WORDS}) "  # noqa: S608 - placeholders only
            f"FROM search_story_fts WHERE search_story_fts MATCH %s AND rowid IN ({placeholders})",
            [MARK_START, MARK_END, _fts5_match(terms), *ids],
        )
        return cursor.fetchall()
