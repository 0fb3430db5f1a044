"""One convention for query budgets: the same work at two data sizes costs the same queries.

A page that runs one query per row passes a test at one size and melts at 100k stories;
measuring it at a small and a larger size, both against the same number, catches that.

    def stories_in_a_section(size):
        section = SectionFactory()
        StoryFactory.create_batch(size, section=section, tags=["City Hall"])
        return section

    def test_section_page_query_budget(client):
        # navigation + count + stories + bylines + tags
        assert_query_budget(
            build=stories_in_a_section,
            act=lambda section: client.get(section.get_absolute_url()),
            budget=6,
        )

Each size is built and measured inside a savepoint that is rolled back afterwards, so the
sizes never see each other's rows, and every size is measured before anything is asserted:
a failure says what each size cost and lists the queries of the one that missed.
`act` may return a response: it must be a 200 (or `status`). Its return values, one per
size, come back as a list for checks of what was rendered.

Commands that write in batches (imports) cost a number of queries that differs between
SQLite and PostgreSQL; `assert_queries_do_not_grow` asserts only that the sizes agree.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

SIZES = (3, 30)


def measure(
    build: Callable[[int], Any], act: Callable[[Any], Any], sizes: Sequence[int]
) -> list[tuple[int, list[str], Any]]:
    """(size, SQL of each query, what `act` returned) for each size, data rolled back."""
    results = []
    for size in sizes:
        with transaction.atomic():
            data = build(size)
            with CaptureQueriesContext(connection) as queries:
                outcome = act(data)
            results.append((size, [query["sql"] for query in queries], outcome))
            transaction.set_rollback(True)
    return results


def _report(results, size=None) -> str:
    lines = [", ".join(f"{len(sql)} queries at size {n}" for n, sql, _ in results)]
    for n, sql, _ in results:
        if size is None or n == size:
            lines.append(f"-- size {n}:")
            lines.extend(f"{i}. {query}" for i, query in enumerate(sql, 1))
    return "\n".join(lines)


def _check_status(results, status):
    for size, _, outcome in results:
        code = getattr(outcome, "status_code", None)
        assert code is None or code == status, f"size {size}: status {code}, expected {status}"


def assert_query_budget(
    *,
    build: Callable[[int], Any],
    act: Callable[[Any], Any],
    budget: int,
    sizes: Sequence[int] = SIZES,
    status: int = 200,
) -> list[Any]:
    """`act(build(size))` costs exactly `budget` queries at every size; returns act's results."""
    results = measure(build, act, sizes)
    _check_status(results, status)
    missed = next((n for n, sql, _ in results if len(sql) != budget), None)
    assert missed is None, f"budget {budget}: " + _report(results, missed)
    return [outcome for _, _, outcome in results]


def assert_queries_do_not_grow(
    *,
    build: Callable[[int], Any],
    act: Callable[[Any], Any],
    sizes: Sequence[int] = SIZES,
    status: int = 200,
) -> list[Any]:
    """`act(build(size))` costs the same number of queries at every size."""
    results = measure(build, act, sizes)
    _check_status(results, status)
    counts = {len(sql) for _, sql, _ in results}
    assert len(counts) == 1, "query count grows: " + _report(results, results[-1][0])
    return [outcome for _, _, outcome in results]
