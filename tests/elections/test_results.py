"""Results: `import_results` loads a CSV all or nothing; `call_race` records the newsroom's call.

The first test is the fixture-free demo: a race built with factories, a results file
written to tmp_path, imported with the management command, then read on the race page.
"""

import datetime
import textwrap
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from elections.models import Candidacy, Contest, ContestTally
from elections.results import call_race, uncall_race
from tests.elections.factories import CandidacyFactory, ContestFactory, SourceFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LA = ZoneInfo("America/Los_Angeles")
HEADER = "contest,candidate,votes,precincts_reporting,precincts_total,updated_at,source\n"


@pytest.fixture
def contest():
    """A two-candidate general election; results files name it 'city-mayor-general'."""
    contest = ContestFactory(slug="city-mayor-general", race__slug="city-mayor")
    CandidacyFactory(contest=contest, source=SourceFactory(name="Ana Ortiz"), ballot_order=0)
    CandidacyFactory(contest=contest, source=SourceFactory(name="Ben Lee"), ballot_order=1)
    return contest


def write(tmp_path, body, name="results.csv"):
    path = tmp_path / name
    path.write_text(HEADER + textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


def state():
    """Everything an import may write, to compare before and after."""
    votes = list(Candidacy.objects.order_by("pk").values_list("pk", "votes", "display_name"))
    tallies = list(
        ContestTally.objects.order_by("pk").values_list(
            "contest_id", "precincts_reporting", "precincts_total", "updated_at"
        )
    )
    return votes, tallies


FIRST = """\
city-mayor-general,Ana Ortiz,"1,200",40,100,2022-11-08T21:30:00,County registrar
city-mayor-general,Ben Lee,800,40,100,2022-11-08T21:30:00,County registrar
"""


def test_demo_import_a_results_file_and_read_the_race_page(client, tmp_path, contest, capsys):
    call_command("import_results", str(write(tmp_path, FIRST)))
    assert "1 contest(s) updated" in capsys.readouterr().out

    ana, ben = contest.candidacies.order_by("ballot_order")
    assert (ana.votes, ben.votes) == (1200, 800)
    tally = ContestTally.objects.get(contest=contest)
    assert (tally.precincts_reporting, tally.precincts_total) == (40, 100)
    assert tally.updated_at == datetime.datetime(2022, 11, 8, 21, 30, tzinfo=LA)

    page = client.get(contest.race.get_absolute_url()).content.decode()
    assert "No results yet" not in page
    # Shares are derived from the votes: 1,200 of 2,000 is 60%.
    assert "60.0%" in page and "40.0%" in page
    assert "40 of 100 precincts reporting (40.0%)" in page


def test_the_same_file_twice_changes_nothing(tmp_path, contest, capsys):
    path = write(tmp_path, FIRST)
    call_command("import_results", str(path))
    before = state()
    capsys.readouterr()
    call_command("import_results", str(path))
    assert state() == before
    assert "0 contest(s) updated, 1 unchanged" in capsys.readouterr().out


def test_a_newer_file_updates_the_count(tmp_path, contest):
    call_command("import_results", str(write(tmp_path, FIRST)))
    newer = """\
    city-mayor-general,Ana Ortiz,1500,90,100,2022-11-09T01:00:00,County registrar
    city-mayor-general,Ben Lee,1400,90,100,2022-11-09T01:00:00,County registrar
    """
    call_command("import_results", str(write(tmp_path, newer, "later.csv")))
    assert sorted(contest.candidacies.values_list("votes", flat=True)) == [1400, 1500]
    assert ContestTally.objects.get().precincts_reporting == 90


def test_a_file_older_than_the_stored_results_is_refused(tmp_path, contest):
    call_command("import_results", str(write(tmp_path, FIRST)))
    before = state()
    older = """\
    city-mayor-general,Ana Ortiz,10,1,100,2022-11-08T20:15:00,County registrar
    city-mayor-general,Ben Lee,5,1,100,2022-11-08T20:15:00,County registrar
    """
    with pytest.raises(CommandError, match="older than the stored ones"):
        call_command("import_results", str(write(tmp_path, older, "old.csv")))
    assert state() == before


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            "city-dogcatcher,Ana Ortiz,5,1,100,2022-11-08T21:30:00,x",
            "line 3: unknown contest 'city-dogcatcher'",
        ),
        (
            "city-mayor-general,Carl Nobody,5,40,100,2022-11-08T21:30:00,x",
            "line 3: unknown candidate 'Carl Nobody'",
        ),
        (
            "city-mayor-general,Ben Lee,-5,40,100,2022-11-08T21:30:00,x",
            "line 3: votes '-5' is negative",
        ),
        (
            "city-mayor-general,Ben Lee,many,40,100,2022-11-08T21:30:00,x",
            "line 3: votes 'many' is not a whole number",
        ),
        (
            "city-mayor-general,Ben Lee,5,140,100,2022-11-08T21:30:00,x",
            "line 3: precincts_reporting (140) is more than precincts_total (100)",
        ),
        ("city-mayor-general,Ben Lee,5,40,100,last tuesday,x", "line 3: updated_at"),
        ("city-mayor-general,Ben Lee", "line 3: the row does not have one cell per column"),
        ("city-mayor-general,Ben Lee,,40,100,2022-11-08T21:30:00,x", "line 3: votes is empty"),
        (
            "city-mayor-general,Ana Ortiz,7,40,100,2022-11-08T21:30:00,x",
            "line 3: 'Ana Ortiz' appears twice",
        ),
        (
            "city-mayor-general,Ben Lee,7,41,100,2022-11-08T21:30:00,x",
            "line 3: contest 'city-mayor-general' has different updated_at/precinct values",
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_the_line(tmp_path, contest, bad_row, message):
    """The good first row is not written either: one transaction for the file."""
    body = "city-mayor-general,Ana Ortiz,1200,40,100,2022-11-08T21:30:00,x\n" + bad_row + "\n"
    before = state()
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("import_results", str(write(tmp_path, body)))
    assert state() == before


def test_a_file_without_the_required_columns_is_refused(tmp_path, contest):
    path = tmp_path / "wrong.csv"
    path.write_text("race,name,count\ncity-mayor-general,Ana Ortiz,4\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing column"):
        call_command("import_results", str(path))


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_results", str(tmp_path / "absent.csv"))


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path, contest):
    from django.core.management import ManagementUtility

    path = write(tmp_path, "city-dogcatcher,Ana Ortiz,5,1,100,2022-11-08T21:30:00,x\n")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_results", str(path)]).execute()
    assert exit_info.value.code != 0


def test_dry_run_writes_nothing(tmp_path, contest, capsys):
    before = state()
    call_command("import_results", str(write(tmp_path, FIRST)), "--dry-run")
    assert "Dry run" in capsys.readouterr().out
    assert state() == before


def test_an_editors_display_name_survives_imports(client, tmp_path, contest):
    """The file still spells the ballot name; the page keeps the editor's correction."""
    ana = contest.candidacies.get(ballot_name="Ana Ortiz")
    ana.display_name = "Ana María Ortiz"
    ana.save()
    call_command("import_results", str(write(tmp_path, FIRST)))
    ana.refresh_from_db()
    assert (ana.display_name, ana.votes) == ("Ana María Ortiz", 1200)
    assert "Ana María Ortiz" in client.get(contest.race.get_absolute_url()).content.decode()


def test_call_race_records_who_and_when_and_marks_the_others_lost(contest):
    editor = UserFactory(username="desk", groups=["Editors"])
    ana, ben = contest.candidacies.order_by("ballot_order")
    called_at = datetime.datetime(2022, 11, 16, 17, 0, tzinfo=LA)
    call_race(contest=contest, winners=[ana], called_by=editor, called_at=called_at)
    ana.refresh_from_db()
    ben.refresh_from_db()
    assert (ana.outcome, ana.called_by, ana.called_at) == ("won", editor, called_at)
    assert ben.outcome == "lost"


def test_call_race_refuses_more_winners_than_seats(contest):
    before = list(contest.candidacies.values_list("outcome", flat=True))
    with pytest.raises(ValidationError, match="at most 1 winning"):
        call_race(contest=contest, winners=list(contest.candidacies.all()), called_by=None)
    assert list(contest.candidacies.values_list("outcome", flat=True)) == before


def test_call_race_advancing_needs_a_next_stage(contest):
    with pytest.raises(ValidationError, match="No one advances"):
        call_race(
            contest=contest, winners=[contest.candidacies.first()], called_by=None, advancing=True
        )


def test_call_race_refuses_a_candidate_from_another_contest(contest):
    stranger = CandidacyFactory(contest=ContestFactory())
    with pytest.raises(ValidationError, match="Only candidates in"):
        call_race(contest=contest, winners=[stranger], called_by=None)
    assert not Contest.objects.get(pk=contest.pk).candidacies.exclude(outcome="pending").exists()


def test_call_race_and_uncall_race_refuse_a_user_without_the_call_permission(contest):
    """The permission is checked by the service itself, whatever form or command calls it."""
    desk = UserFactory(username="desk")
    desk.user_permissions.add(Permission.objects.get(codename="change_candidacy"))
    ana = contest.candidacies.order_by("ballot_order").first()
    with pytest.raises(PermissionDenied):
        call_race(contest=contest, winners=[ana], called_by=desk)
    assert not contest.candidacies.exclude(outcome="pending").exists()

    call_race(contest=contest, winners=[ana], called_by=UserFactory(groups=["Editors"]))
    with pytest.raises(PermissionDenied):
        uncall_race(contest=contest, user=desk)
    assert contest.candidacies.get(pk=ana.pk).outcome == "won"
    uncall_race(contest=contest, user=UserFactory(groups=["Editors"]))
    assert not contest.candidacies.exclude(outcome="pending").exists()
