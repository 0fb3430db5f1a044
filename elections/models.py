"""Elections, races and their ballot stages, candidacies, endorsements and results.

Durable things (divisions, offices, parties; people are `sources.Source`) are kept apart
from time-bound ones (elections, contests, candidacies, tallies). Editorial decisions
(display names, race calls) sit beside imported data and an import never overwrites them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sources.models import Source

# Open Civic Data division ids: lowercase type:id pairs under a country, e.g.
# ocd-division/country:us/state:ca/place:los_angeles.
OCD_ID_RE = r"^ocd-division/country:[a-z]{2}(/[a-z_]+:[a-z0-9_.~\-]+)*$"
validate_ocd_id = RegexValidator(
    OCD_ID_RE,
    _(
        "Enter an Open Civic Data division id in lowercase, such as "
        "ocd-division/country:us/state:ca/place:los_angeles."
    ),
)


class Division(models.Model):
    """A jurisdiction: a country, state, county, city or district."""

    name = models.CharField(_("name"), max_length=200)
    ocd_id = models.CharField(
        _("Open Civic Data id"),
        max_length=300,
        blank=True,
        validators=[validate_ocd_id],
        help_text=_("e.g. ocd-division/country:us/state:ca/place:los_angeles"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [
            models.UniqueConstraint(
                fields=["ocd_id"],
                condition=~Q(ocd_id=""),
                name="unique_division_ocd_id",
                violation_error_message=_("Another division already has this OCD id."),
            ),
        ]

    def __str__(self):
        return self.name


class Office(models.Model):
    """A public office, e.g. Mayor of Los Angeles."""

    name = models.CharField(_("name"), max_length=200)
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="offices"
    )
    partisan = models.BooleanField(
        _("partisan"),
        default=False,
        help_text=_("Whether candidates' parties are printed on the ballot for this office."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="office_has_a_seat",
                violation_error_message=_("An office has at least one seat."),
            ),
            models.UniqueConstraint(fields=["division", "name"], name="unique_office_name"),
        ]

    def __str__(self):
        return self.name


class Party(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=10, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.name


class ElectionQuerySet(models.QuerySet):
    def with_public_races(self):
        """Elections with at least one published race, their published contests prefetched."""
        contests = (
            Contest.objects.filter(race__is_published=True)
            .select_related("race__office")
            .order_by("race__title", "id")
        )
        return (
            self.filter(contests__race__is_published=True)
            .distinct()
            .select_related("division")
            .prefetch_related(Prefetch("contests", queryset=contests, to_attr="public_contests"))
        )


class Election(models.Model):
    """One election day in one jurisdiction; several races share it."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        GENERAL = "general", _("General")
        RUNOFF = "runoff", _("Run-off")
        SPECIAL = "special", _("Special")
        RECALL = "recall", _("Recall")

    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("election day"))
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="elections"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        indexes = [models.Index(fields=["date"], name="election_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "date", "kind"],
                name="unique_election_day",
                violation_error_message=_(
                    "This division already has an election of that kind on that day."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return f"{reverse('elections:index')}#election-{self.pk}"


class KeyDate(models.Model):
    """A date voters need: registration deadline, ballots mailed, certification…"""

    class Kind(models.TextChoices):
        FILING_DEADLINE = "filing_deadline", _("Candidate filing deadline")
        BALLOTS_MAILED = "ballots_mailed", _("Ballots mailed")
        EARLY_VOTING = "early_voting", _("Early voting starts")
        REGISTRATION_DEADLINE = "registration_deadline", _("Registration deadline")
        ELECTION_DAY = "election_day", _("Election day")
        CERTIFICATION = "certification", _("Results certified")
        OTHER = "other", _("Other")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="key_dates"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    label = models.CharField(
        _("label"), max_length=200, blank=True, help_text=_("Shown instead of the kind's name.")
    )
    date = models.DateField(_("date"))
    source_name = models.CharField(_("source"), max_length=200)
    source_url = models.URLField(_("source link"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("key date")
        verbose_name_plural = _("key dates")

    def __str__(self):
        return f"{self.display_label}: {self.date:%Y-%m-%d}"

    @property
    def display_label(self) -> str:
        return self.label or self.get_kind_display()


class RaceQuerySet(models.QuerySet):
    def published(self):
        """Races a reader may see."""
        return self.filter(is_published=True)

    def with_page_relations(self, *, now=None):
        """Everything the race page renders, in a fixed number of queries.

        Coverage comes through the reverse relation from stories, so this app never
        imports `stories`: the published stories are built from the related model.
        """
        Story = self.model.stories.rel.related_model
        public_sources = Source.objects.public().values("pk")
        endorsements = (
            Endorsement.objects.filter(endorser__in=public_sources)
            .select_related("endorser")
            .prefetch_related(
                Prefetch(
                    "reported_in",
                    queryset=Story.objects.published(now=now).order_by("published_at", "id"),
                    to_attr="public_reports",
                )
            )
            .order_by("-announced_on", "endorser__sort_name", "id")
        )
        candidacies = (
            Candidacy.objects.filter(source__in=public_sources)
            .select_related("source", "party", "called_by")
            .prefetch_related(
                Prefetch("endorsements", queryset=endorsements, to_attr="public_endorsements")
            )
        )
        contests = (
            Contest.objects.select_related("election", "tally", "advances_to__election")
            .prefetch_related(
                Prefetch("candidacies", queryset=candidacies),
                Prefetch("election__key_dates"),
            )
            .order_by("election__date", "id")
        )
        stories = Story.objects.published(now=now).order_by("-published_at", "-id")
        return self.select_related("office__division").prefetch_related(
            Prefetch("contests", queryset=contests),
            Prefetch("stories", queryset=stories, to_attr="coverage"),
        )


class Race(models.Model):
    """One public race page: an office in one election cycle, across its ballot stages."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="races"
    )
    cycle = models.PositiveSmallIntegerField(_("cycle (year)"))
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The race page's address: /elections/<slug>/. Keep it once published."),
    )
    dek = models.TextField(_("dek"), blank=True)
    incumbent_context = models.TextField(
        _("incumbent context"),
        blank=True,
        help_text=_("Who holds the office now and whether they are running."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Readers see the race page only when ticked.")
    )

    objects = RaceQuerySet.as_manager()

    class Meta:
        ordering = ["-cycle", "title"]
        verbose_name = _("race")
        verbose_name_plural = _("races")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "cycle"],
                name="unique_race_per_cycle",
                violation_error_message=_("This office already has a race in that cycle."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("elections:race", kwargs={"slug": self.slug})


class Contest(models.Model):
    """One ballot stage of a race: a top-two primary, a run-off, a general election."""

    class Stage(models.TextChoices):
        PRIMARY_TOP_TWO = "primary_top_two", _("Top-two primary")
        PRIMARY = "primary", _("Primary")
        RUNOFF = "runoff", _("Run-off")
        GENERAL = "general", _("General election")
        SPECIAL = "special", _("Special election")

    race = models.ForeignKey(
        Race, verbose_name=_("race"), on_delete=models.CASCADE, related_name="contests"
    )
    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.PROTECT, related_name="contests"
    )
    slug = models.SlugField(
        _("code"),
        max_length=200,
        unique=True,
        help_text=_("How results files name this contest, e.g. la-mayor-2022-general."),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage)
    number_elected = models.PositiveSmallIntegerField(_("number elected"), default=1)
    win_threshold = models.DecimalField(
        _("outright-win threshold (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A candidate above this share wins outright, e.g. 50. Blank: most votes."),
    )
    number_advancing = models.PositiveSmallIntegerField(
        _("number advancing"),
        default=0,
        help_text=_("How many advance to the next stage when no one wins outright (2 in top-two)."),
    )
    advances_to = models.OneToOneField(
        "self",
        verbose_name=_("advances to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advanced_from",
    )

    class Meta:
        ordering = ["election__date", "id"]
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        permissions = [("call_race", _("Can call a race"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(number_elected__gte=1),
                name="contest_elects_someone",
                violation_error_message=_("A contest elects at least one candidate."),
            ),
            models.CheckConstraint(
                condition=~Q(advances_to=F("pk")),
                name="contest_not_advancing_to_itself",
                violation_error_message=_("A contest cannot advance to itself."),
            ),
            models.CheckConstraint(
                condition=Q(win_threshold__isnull=True)
                | Q(win_threshold__gte=0, win_threshold__lte=100),
                name="contest_threshold_is_a_percentage",
                violation_error_message=_("The threshold is a percentage between 0 and 100."),
            ),
            models.UniqueConstraint(
                fields=["race", "election"],
                name="unique_contest_per_election",
                violation_error_message=_("This race already has a stage in that election."),
            ),
        ]

    def __str__(self):
        return f"{self.race} — {self.get_stage_display()}"

    def get_absolute_url(self):
        return f"{self.race.get_absolute_url()}#contest-{self.pk}"

    def clean(self):
        super().clean()
        # Cross-table rules a CheckConstraint cannot express.
        nxt = self.advances_to
        if nxt is None:
            return
        if self.pk and nxt.pk == self.pk:
            raise ValidationError({"advances_to": _("A contest cannot advance to itself.")})
        if self.race_id and nxt.race_id != self.race_id:
            raise ValidationError(
                {"advances_to": _("The next stage must belong to the same race.")}
            )
        if self.election_id and nxt.election.date <= self.election.date:
            raise ValidationError(
                {
                    "advances_to": _("The next stage (%(next)s) must be after this one (%(this)s).")
                    % {"next": nxt.election.date, "this": self.election.date}
                }
            )
        if not self.number_advancing:
            raise ValidationError(
                {"number_advancing": _("Say how many candidates advance to the next stage.")}
            )

    def results(self) -> list[dict]:
        """Rows for the results table, most votes first, with shares derived from the votes.

        Uses the prefetched candidacies; percentages are never stored or typed in.
        """
        candidacies = list(self.candidacies.all())
        total = sum(c.votes or 0 for c in candidacies)
        rows = []
        for candidacy in candidacies:
            share = None
            if total and candidacy.votes is not None:
                share = (Decimal(candidacy.votes) * 100 / total).quantize(Decimal("0.1"))
            rows.append({"candidacy": candidacy, "votes": candidacy.votes, "share": share})
        rows.sort(key=lambda r: (-(r["votes"] or 0), r["candidacy"].ballot_order))
        return rows

    @property
    def has_results(self) -> bool:
        return any(c.votes is not None for c in self.candidacies.all())


class ContestTally(models.Model):
    """The current count for a contest, as the last results file or editor reported it."""

    contest = models.OneToOneField(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="tally"
    )
    precincts_reporting = models.PositiveIntegerField(
        _("precincts reporting"), null=True, blank=True
    )
    precincts_total = models.PositiveIntegerField(_("precincts in all"), null=True, blank=True)
    expected_vote_percent = models.DecimalField(
        _("expected vote counted (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    ballots_cast = models.PositiveIntegerField(_("ballots cast"), null=True, blank=True)
    updated_at = models.DateTimeField(_("results as of"))
    source_name = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source link"), blank=True)

    class Meta:
        verbose_name = _("results tally")
        verbose_name_plural = _("results tallies")
        constraints = [
            models.CheckConstraint(
                condition=Q(precincts_reporting__isnull=True)
                | Q(precincts_total__isnull=True)
                | Q(precincts_reporting__lte=F("precincts_total")),
                name="tally_reporting_within_total",
                violation_error_message=_(
                    "Precincts reporting cannot be more than the precincts in all."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expected_vote_percent__isnull=True)
                | Q(expected_vote_percent__gte=0, expected_vote_percent__lte=100),
                name="tally_expected_vote_is_a_percentage",
                violation_error_message=_("Expected vote counted is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.contest} as of {self.updated_at:%Y-%m-%d %H:%M}"

    @property
    def precincts_percent(self) -> Decimal | None:
        if not self.precincts_total or self.precincts_reporting is None:
            return None
        return (Decimal(self.precincts_reporting) * 100 / self.precincts_total).quantize(
            Decimal("0.1")
        )


class Candidacy(models.Model):
    """One person on the ballot in one contest."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        WITHDRAWN_ON_BALLOT = "withdrawn_on_ballot", _("Withdrawn, still on the ballot")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        DISQUALIFIED = "disqualified", _("Disqualified")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADVANCED = "advanced", _("Advanced")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    contest = models.ForeignKey(
        Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="candidacies"
    )
    source = models.ForeignKey(
        Source, verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="candidacies"
    )
    ballot_name = models.CharField(
        _("name on the ballot"),
        max_length=200,
        help_text=_("As the official ballot and results files spell it; imports match on it."),
    )
    display_name = models.CharField(
        _("display name"),
        max_length=200,
        blank=True,
        help_text=_("The newsroom's correction, shown to readers; imports never change it."),
    )
    designation = models.CharField(
        _("ballot designation"), max_length=200, blank=True, help_text=_('e.g. "Congresswoman"')
    )
    party = models.ForeignKey(
        Party,
        verbose_name=_("party"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
    )
    party_on_ballot = models.BooleanField(
        _("party shown on the ballot"),
        default=False,
        help_text=_("Off for nonpartisan offices: the party is then shown as registration only."),
    )
    incumbent = models.BooleanField(_("incumbent"), default=False)
    ballot_order = models.PositiveSmallIntegerField(_("ballot order"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.RUNNING)
    votes = models.PositiveIntegerField(
        _("votes"), null=True, blank=True, help_text=_("Blank until results come in.")
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome, default=Outcome.PENDING
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("called by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["ballot_order", "ballot_name"]
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "source"],
                name="unique_candidacy",
                violation_error_message=_("This person is already a candidate in this contest."),
            ),
            models.UniqueConstraint(
                fields=["contest", "ballot_name"],
                name="unique_ballot_name",
                violation_error_message=_("Another candidate has this ballot name here."),
            ),
            models.CheckConstraint(
                condition=Q(votes__isnull=True) | Q(votes__gte=0),
                name="candidacy_votes_not_negative",
                violation_error_message=_("Votes cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.contest})"

    def get_absolute_url(self):
        return self.contest.get_absolute_url()

    def clean(self):
        super().clean()
        if self.source_id and self.source.confidential:
            raise ValidationError(
                {"source": _("A confidential source cannot be named as a candidate.")}
            )
        if self.contest_id and self.outcome == self.Outcome.WON:
            others = self.contest.candidacies.filter(outcome=self.Outcome.WON).exclude(pk=self.pk)
            if others.count() >= self.contest.number_elected:
                raise ValidationError(
                    {
                        "outcome": _(
                            "This contest elects %(n)s; %(won)s already won. "
                            "Change theirs first or call the race again."
                        )
                        % {
                            "n": self.contest.number_elected,
                            "won": ", ".join(o.name for o in others),
                        }
                    }
                )

    @property
    def name(self) -> str:
        """The name readers see: the editor's correction if there is one."""
        return self.display_name or self.ballot_name

    @property
    def is_called(self) -> bool:
        return self.outcome in {self.Outcome.WON, self.Outcome.ADVANCED}


class Endorsement(models.Model):
    class Stance(models.TextChoices):
        ENDORSE = "endorse", _("Endorses")
        OPPOSE = "oppose", _("Opposes")
        RESCINDED = "rescinded", _("Rescinded endorsement")

    endorser = models.ForeignKey(
        Source,
        verbose_name=_("endorser"),
        on_delete=models.PROTECT,
        related_name="endorsements_given",
    )
    candidacy = models.ForeignKey(
        Candidacy,
        verbose_name=_("candidacy"),
        on_delete=models.CASCADE,
        related_name="endorsements",
    )
    stance = models.CharField(_("stance"), max_length=20, choices=Stance, default=Stance.ENDORSE)
    announced_on = models.DateField(_("announced on"))
    endorser_title = models.CharField(
        _("endorser's title then"),
        max_length=200,
        blank=True,
        help_text=_('As it was when announced, e.g. "President of the United States".'),
    )
    source_url = models.URLField(
        _("source link"), blank=True, help_text=_("Where the endorsement was announced.")
    )

    class Meta:
        ordering = ["-announced_on", "id"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["endorser", "candidacy", "stance"],
                name="unique_endorsement",
                violation_error_message=_(
                    "This endorser already has that stance on this candidacy."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.endorser} {self.get_stance_display().lower()} {self.candidacy.name}"

    def clean(self):
        super().clean()
        if self.endorser_id and self.endorser.confidential:
            raise ValidationError(
                {"endorser": _("A confidential source cannot be named as an endorser.")}
            )
        if self.announced_on and self.announced_on > timezone.localdate():
            raise ValidationError({"announced_on": _("The announcement date is in the future.")})
