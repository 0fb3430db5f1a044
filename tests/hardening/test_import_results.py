"""`import_results` on hostile files: a clear one-line error and the database unchanged,
or sane handling; never a traceback."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from elections import results
from elections.models import ContestTally
from tests.elections.factories import CandidacyFactory, ContestFactory, SourceFactory
from tests.elections.test_results import FIRST, state, write

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2022, 11, 9, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def contest():
    """The two-candidate contest tests/elections/test_results.py's files name."""
    contest = ContestFactory(slug="city-mayor-general", race__slug="city-mayor")
    CandidacyFactory(contest=contest, source=SourceFactory(name="Ana Ortiz"), ballot_order=0)
    CandidacyFactory(contest=contest, source=SourceFactory(name="Ben Lee"), ballot_order=1)
    return contest


def row(votes="100", updated_at="2022-11-08T21:30:00", source="County registrar"):
    return (
        f"city-mayor-general,Ana Ortiz,{votes},40,100,{updated_at},{source}\n"
        f"city-mayor-general,Ben Lee,80,40,100,{updated_at},{source}\n"
    )


def refused(path) -> str:
    before = state()
    with pytest.raises(CommandError) as error:
        call_command("import_results", str(path))
    assert state() == before
    message = str(error.value)
    assert "\n" not in message and len(message) < 400, message
    return message


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("votes", "expected"),
    [
        ("2147483648", "more than 2147483647"),
        ("99999999999999999999999999", "more than 2147483647"),
        ("9" * 5000, "is not a whole number"),
    ],
    ids=["int32+1", "26 digits", "5000 digits"],
)
def test_vote_counts_that_overflow_the_column_are_refused(tmp_path, contest, votes, expected):
    message = refused(write(tmp_path, row(votes=votes)))
    assert expected in message


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("percent", ["NaN", "nan", "sNaN", "inf", "-Infinity", "1e999999"])
def test_percentages_that_are_not_finite_numbers_are_refused(tmp_path, contest, percent):
    path = tmp_path / "r.csv"
    path.write_text(
        "contest,candidate,votes,updated_at,expected_vote_percent\n"
        f"city-mayor-general,Ana Ortiz,100,2022-11-08T21:30:00,{percent}\n"
    )
    message = refused(path)
    assert "expected_vote_percent" in message


@time_machine.travel(NOW, tick=False)
def test_an_over_long_source_name_is_refused_before_the_database_sees_it(tmp_path, contest):
    message = refused(write(tmp_path, row(source="x" * 201)))
    assert "source is 201 characters; at most 200" in message


@time_machine.travel(NOW, tick=False)
def test_a_far_future_updated_at_is_refused_and_never_locks_the_contest(tmp_path, contest):
    message = refused(write(tmp_path, row(updated_at="2099-01-01T00:00:00")))
    assert "is in the future" in message
    call_command("import_results", str(write(tmp_path, FIRST)))
    assert ContestTally.objects.get().precincts_reporting == 40


@time_machine.travel(NOW, tick=False)
def test_a_far_future_tally_stored_by_an_older_version_does_not_lock_the_contest(tmp_path, contest):
    ContestTally.objects.create(
        contest=contest, updated_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)
    )
    call_command("import_results", str(write(tmp_path, FIRST)))
    tally = ContestTally.objects.get()
    assert tally.updated_at.year == 2022 and tally.precincts_reporting == 40


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    "updated_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "1899-12-31T00:00:00"]
)
def test_dates_at_the_edge_of_the_calendar_are_refused(tmp_path, contest, updated_at):
    message = refused(write(tmp_path, row(updated_at=updated_at)))
    assert "updated_at" in message


@time_machine.travel(NOW, tick=False)
def test_a_huge_cell_is_refused_in_one_short_line(tmp_path, contest):
    message = refused(write(tmp_path, row(source="y" * 500_000)))
    assert "line" in message


@time_machine.travel(NOW, tick=False)
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, contest, monkeypatch):
    monkeypatch.setattr(results, "MAX_FILE_BYTES", 1000)
    message = refused(write(tmp_path, row() * 20))
    assert "the limit is" in message
