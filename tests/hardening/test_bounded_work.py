"""Bounded work: hostile sizes and shapes are refused before parsing or handled in linear
time. Budgets are generous (a loaded CI machine); the inputs took 10 s to minutes before."""

import time

import pytest
from django.core.exceptions import ValidationError

from stories.importers.quotes import find_quotes
from stories.sanitize import MAX_HTML_CHARACTERS, MAX_HTML_DEPTH, check_html_bounds, clean_body


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def test_deeply_nested_html_is_refused_before_parsing():
    body = "<div>" * 12_000 + "x" + "</div>" * 12_000  # 132 KB: 7 s before
    with pytest.raises(ValidationError, match=f"more than {MAX_HTML_DEPTH} deep"):
        clean_body(body)


def test_html_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(ValidationError, match="the limit is 150,000"):
        clean_body("<p>" + "x" * MAX_HTML_CHARACTERS + "</p>")


def test_html_within_the_bounds_is_sanitized_quickly_even_at_its_worst():
    worst = ("<div>" * MAX_HTML_DEPTH + "x" + "</div>" * MAX_HTML_DEPTH) * (
        MAX_HTML_CHARACTERS // (11 * MAX_HTML_DEPTH + 1)
    )
    check_html_bounds(worst)
    _, seconds = timed(clean_body, worst)
    assert seconds < 3


@pytest.mark.parametrize(
    "body",
    [
        "<p>One</p><p>Two<p>Three",  # unclosed paragraphs do not nest
        "<ul>" + "<li>item" * 500 + "</ul>",
        "<p>a<br>b<br/>c<hr></p>" * 200,
        "<div>" * MAX_HTML_DEPTH + "x" + "</div>" * MAX_HTML_DEPTH,
    ],
)
def test_ordinary_html_passes_the_bounds(body):
    check_html_bounds(body)


def test_a_thousand_quotes_are_found_in_linear_time():
    # Attribution before each quote, in one sentence that never ends: 400 took 69 s before.
    paragraph = " ".join(f'Mr. Lee said "word {i}" and' for i in range(1_000))
    quotes, seconds = timed(find_quotes, [paragraph])
    assert len(quotes) == 1_000
    assert seconds < 2
    after = " ".join(f'"We will win number {i}," said Mayor Karen Bass.' for i in range(1_000))
    quotes, seconds = timed(find_quotes, [after])
    assert len(quotes) == 1_000 and quotes[-1].speakers == ["Karen Bass"]
    assert seconds < 2


def test_runs_of_initials_do_not_backtrack_exponentially():
    _quotes, seconds = timed(find_quotes, ['"Yes," said ' + "A. " * 40 + "!"])
    assert seconds < 1
