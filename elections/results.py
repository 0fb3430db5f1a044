"""Writes to results: importing a results file and calling a race.

The admin, the `import_results` command and the tests all call these functions; each
runs in one transaction, so a refused file or call leaves the database as it was.
"""

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import Candidacy, Contest, ContestTally

CALL_PERMISSION = "elections.call_race"

REQUIRED_COLUMNS = ("contest", "candidate", "votes", "updated_at")
OPTIONAL_COLUMNS = (
    "precincts_reporting",
    "precincts_total",
    "expected_vote_percent",
    "ballots_cast",
    "source",
)
# Per-contest values: every row of one contest must agree on them.
TALLY_COLUMNS = ("updated_at", *OPTIONAL_COLUMNS)

# Bounds that keep a hostile or broken file from reaching the database as a traceback.
# Counts are stored in 32-bit integer columns on every database we run on.
MAX_COUNT = 2_147_483_647
MAX_SOURCE_LENGTH = 200  # ContestTally.source_name
# A county's results file is kilobytes; these stop a runaway export before it is read.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CELL_CHARACTERS = 10_000
# A results time ahead of now would make every correct file after it look stale and lock
# the contest; an hour covers clocks that are a little off, not a wrong year or zone.
FUTURE_TOLERANCE = timedelta(hours=1)
EARLIEST_RESULTS = datetime(2000, 1, 1, tzinfo=UTC)


class ResultsImportError(Exception):
    """A results file was refused; the message names the file and line."""


@dataclass
class ImportSummary:
    contests_updated: int = 0
    contests_unchanged: int = 0
    candidacies_updated: int = 0


@dataclass
class _ContestRows:
    contest: Contest
    tally: dict
    first_line: int
    votes: dict[int, int] = field(default_factory=dict)  # candidacy pk -> votes


def _shown(value: str) -> str:
    """A cell as quoted in an error message: short, whatever the file holds."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


def _int(value: str, *, column: str, where: str, required: bool = False) -> int | None:
    value = value.strip()
    if not value:
        if required:
            raise ResultsImportError(f"{where}: {column} is empty.")
        return None
    try:
        number = int(value.replace(",", ""))
    except ValueError:
        # Also Python's limit on digits in a number: 5,000 nines are not a vote count.
        raise ResultsImportError(
            f"{where}: {column} {_shown(value)} is not a whole number."
        ) from None
    if number < 0:
        raise ResultsImportError(f"{where}: {column} {_shown(value)} is negative.")
    if number > MAX_COUNT:
        raise ResultsImportError(
            f"{where}: {column} {_shown(value)} is more than {MAX_COUNT}, "
            "more than any count we can store."
        )
    return number


def _percent(value: str, *, column: str, where: str) -> Decimal | None:
    value = value.strip().rstrip("%")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ResultsImportError(f"{where}: {column} {_shown(value)} is not a number.") from None
    # NaN and infinities parse as Decimals; comparing a NaN would raise, not refuse.
    if not number.is_finite() or not 0 <= number <= 100:
        raise ResultsImportError(
            f"{where}: {column} {_shown(value)} is not a number between 0 and 100."
        )
    return number.quantize(Decimal("0.01"))


def _latest_plausible_time() -> datetime:
    return timezone.now() + FUTURE_TOLERANCE


def _time(value: str, *, where: str) -> datetime:
    try:
        parsed = parse_datetime(value.strip())
        if parsed is not None and timezone.is_naive(parsed):
            # Counties publish local times; read them in the newsroom's time zone.
            parsed = timezone.make_aware(parsed)
        if parsed is not None:
            parsed.astimezone(UTC)  # the database stores UTC: year 1 at +14:00 is not a time
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise ResultsImportError(
            f"{where}: updated_at {_shown(value)} is not a date and time like "
            "2022-11-09T01:30:00-08:00."
        )
    if parsed < EARLIEST_RESULTS:
        raise ResultsImportError(
            f"{where}: updated_at {_shown(value)} is before {EARLIEST_RESULTS:%Y}; "
            "check the file's dates."
        )
    if parsed > _latest_plausible_time():
        raise ResultsImportError(
            f"{where}: updated_at {_shown(value)} is in the future; a results file "
            "says when its counts were published. Check the file's dates and time zone."
        )
    return parsed


def _parse_tally(row: dict, *, where: str) -> dict:
    tally = {
        "updated_at": _time(row["updated_at"], where=where),
        "precincts_reporting": _int(
            row.get("precincts_reporting") or "", column="precincts_reporting", where=where
        ),
        "precincts_total": _int(
            row.get("precincts_total") or "", column="precincts_total", where=where
        ),
        "expected_vote_percent": _percent(
            row.get("expected_vote_percent") or "", column="expected_vote_percent", where=where
        ),
        "ballots_cast": _int(row.get("ballots_cast") or "", column="ballots_cast", where=where),
        "source_name": (row.get("source") or "").strip(),
    }
    if len(tally["source_name"]) > MAX_SOURCE_LENGTH:
        raise ResultsImportError(
            f"{where}: source is {len(tally['source_name'])} characters; "
            f"at most {MAX_SOURCE_LENGTH}."
        )
    reporting, total = tally["precincts_reporting"], tally["precincts_total"]
    if reporting is not None and total is not None and reporting > total:
        raise ResultsImportError(
            f"{where}: precincts_reporting ({reporting}) is more than precincts_total ({total})."
        )
    return tally


def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = None
    try:
        if not path.is_file() and path.exists():
            raise ResultsImportError(f"{path}: not a regular file.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ResultsImportError(
                f"{path}: the file is {size / 1024 / 1024:.1f} MB; "
                f"the limit is {MAX_FILE_BYTES // 1024 // 1024} MB."
            )
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            reader.fieldnames = columns
            rows = []
            for row in reader:
                where = f"{path}, line {reader.line_num}"
                if any(len(cell) > MAX_CELL_CHARACTERS for cell in row.values() if cell):
                    raise ResultsImportError(
                        f"{where}: a cell is longer than {MAX_CELL_CHARACTERS} characters."
                    )
                rows.append((reader.line_num, row))
    except FileNotFoundError:
        raise ResultsImportError(f"{path}: no such file.") from None
    except OSError as error:
        # A directory, a file we may not read: the operator's mistake, said in one line.
        raise ResultsImportError(f"{path}: cannot be read ({error.strerror or error}).") from None
    except csv.Error as error:
        # The csv module's own limit (128 KB a cell) is the one that fires first.
        line = f", line {reader.line_num}" if reader is not None else ""
        raise ResultsImportError(f"{path}{line}: not a CSV file we can read ({error}).") from None
    except UnicodeDecodeError as error:
        raise ResultsImportError(f"{path}: not a UTF-8 CSV file ({error.reason}).") from None
    return columns, rows


@transaction.atomic
def import_results(*, path: Path, dry_run: bool = False) -> ImportSummary:
    """Load votes and tallies from a CSV results file, all or nothing.

    Idempotent: the same file twice changes nothing. A file older than the stored tally
    of any contest in it, an unknown contest or candidate, or any bad value refuses the
    whole file. Editorial fields (display names, calls) are never touched.
    """
    path = Path(path)
    rows = _result_rows(path)
    by_contest = _group_by_contest(path, rows)
    for entry in by_contest.values():
        _refuse_stale(path, entry)

    summary = ImportSummary()
    for entry in by_contest.values():
        changed = _write_contest(entry)
        summary.candidacies_updated += changed
        stored_changed = _write_tally(entry)
        if changed or stored_changed:
            summary.contests_updated += 1
        else:
            summary.contests_unchanged += 1
    if dry_run:
        transaction.set_rollback(True)
    return summary


def _result_rows(path: Path) -> list[tuple[int, dict]]:
    """The file's rows, refused as a whole when a column is missing or there are none."""
    columns, rows = _read_rows(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ResultsImportError(
            f"{path}: missing column(s) {', '.join(missing)}; "
            f"expected {', '.join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}."
        )
    if not rows:
        raise ResultsImportError(f"{path}: the file has no result rows.")
    return rows


def _group_by_contest(path: Path, rows: list[tuple[int, dict]]) -> dict[str, _ContestRows]:
    """Each contest's tally and votes, every row checked against its contest's candidates.

    The contests are locked (select_for_update) until the import's transaction ends, so two
    imports of the same race write one after the other.
    """
    contest_slugs = {row["contest"].strip() for _, row in rows}
    contests = {
        c.slug: c
        for c in Contest.objects.filter(slug__in=contest_slugs)
        .select_related("tally")
        .prefetch_related("candidacies__source")
        .select_for_update(of=("self",))
    }
    by_contest: dict[str, _ContestRows] = {}
    for line, row in rows:
        where = f"{path}, line {line}"
        if None in row or None in row.values():
            # DictReader files extra cells under None and fills missing ones with None.
            raise ResultsImportError(f"{where}: the row does not have one cell per column.")
        slug, name = row["contest"].strip(), row["candidate"].strip()
        contest = contests.get(slug)
        if contest is None:
            raise ResultsImportError(f"{where}: unknown contest {slug!r}.")
        tally = _parse_tally(row, where=where)
        entry = by_contest.setdefault(slug, _ContestRows(contest, tally, line))
        if tally != entry.tally:
            raise ResultsImportError(
                f"{where}: contest {slug!r} has different updated_at/precinct values "
                f"than on line {entry.first_line}; one file carries one tally per contest."
            )
        candidacy = _match_candidacy(contest, name)
        if candidacy is None:
            raise ResultsImportError(f"{where}: unknown candidate {name!r} in contest {slug!r}.")
        if candidacy.pk in entry.votes:
            raise ResultsImportError(f"{where}: {name!r} appears twice in contest {slug!r}.")
        entry.votes[candidacy.pk] = _int(row["votes"], column="votes", where=where, required=True)
    return by_contest


def _refuse_stale(path: Path, entry: _ContestRows) -> None:
    """A file older than the contest's stored tally would turn the count back: refuse it."""
    stored = getattr(entry.contest, "tally", None)
    # A stored time in the future (written before such times were refused) is an error,
    # not a newer count: it must not lock the contest against every correct file.
    if (
        stored is not None
        and stored.updated_at <= _latest_plausible_time()
        and entry.tally["updated_at"] < stored.updated_at
    ):
        raise ResultsImportError(
            f"{path}, line {entry.first_line}: results for {entry.contest.slug!r} as of "
            f"{entry.tally['updated_at']:%Y-%m-%d %H:%M} are older than the stored ones "
            f"({timezone.localtime(stored.updated_at):%Y-%m-%d %H:%M}); refusing a stale file."
        )


def _match_candidacy(contest: Contest, name: str) -> Candidacy | None:
    """A row names a candidate by ballot name (case-insensitive) or by source slug."""
    folded = name.casefold()
    for candidacy in contest.candidacies.all():
        if candidacy.ballot_name.casefold() == folded or candidacy.source.slug == name:
            return candidacy
    return None


def _write_contest(entry: _ContestRows) -> int:
    changed = [
        c
        for c in entry.contest.candidacies.all()
        if c.pk in entry.votes and c.votes != entry.votes[c.pk]
    ]
    for candidacy in changed:
        candidacy.votes = entry.votes[candidacy.pk]
    # Only `votes`: the editor's display name and call survive every import.
    Candidacy.objects.bulk_update(changed, ["votes"])
    return len(changed)


def _write_tally(entry: _ContestRows) -> bool:
    stored = getattr(entry.contest, "tally", None)
    if stored is not None and all(
        getattr(stored, key) == value for key, value in entry.tally.items()
    ):
        return False
    ContestTally.objects.update_or_create(contest=entry.contest, defaults=entry.tally)
    return True


def _check_may_call(user: AbstractBaseUser | None) -> None:
    # Checked here, not only in the admin: whoever calls a race (an action, a form, a
    # command acting for a user) needs the permission, and a refusal writes nothing.
    if user is not None and not user.has_perm(CALL_PERMISSION):
        raise PermissionDenied(f"{user} may not call or withdraw race calls.")


@transaction.atomic
def call_race(
    *,
    contest: Contest,
    winners: list[Candidacy],
    called_by: AbstractBaseUser | None,
    advancing: bool = False,
    called_at: datetime | None = None,
) -> list[Candidacy]:
    """Record the newsroom's call: `winners` won (or advance), everyone else in the contest lost.

    Refuses a `called_by` user without the call_race permission, more winners than the
    contest elects (or more than advance), and candidates from another contest. Returns the
    contest's candidacies as saved. `called_by=None` is a call by the system (a command).
    """
    _check_may_call(called_by)
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    candidacies = list(contest.candidacies.select_related("source"))
    winner_ids = {c.pk for c in winners}
    strangers = winner_ids - {c.pk for c in candidacies}
    if strangers:
        raise ValidationError(f"Only candidates in {contest} can be called in it.")
    if not winner_ids:
        raise ValidationError("Choose at least one candidate to call the race for.")
    if advancing:
        if not contest.number_advancing:
            raise ValidationError(f"No one advances from {contest}: it is the last stage.")
        limit, outcome = contest.number_advancing, Candidacy.Outcome.ADVANCED
    else:
        limit, outcome = contest.number_elected, Candidacy.Outcome.WON
    if len(winner_ids) > limit:
        raise ValidationError(
            f"{contest} can have at most {limit} "
            f"{'advancing' if advancing else 'winning'} candidate(s); {len(winner_ids)} chosen."
        )
    called_at = called_at or timezone.now()
    for candidacy in candidacies:
        candidacy.outcome = outcome if candidacy.pk in winner_ids else Candidacy.Outcome.LOST
        candidacy.called_at = called_at
        candidacy.called_by = called_by
    Candidacy.objects.bulk_update(candidacies, ["outcome", "called_at", "called_by"])
    return candidacies


def uncall_race(*, contest: Contest, user: AbstractBaseUser | None = None) -> int:
    """Withdraw a call: every candidacy in the contest goes back to pending."""
    _check_may_call(user)
    return Candidacy.objects.filter(contest=contest).update(
        outcome=Candidacy.Outcome.PENDING, called_at=None, called_by=None
    )
