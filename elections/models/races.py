"""Races, their ballot stages (contests) and each stage's current results tally."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sources.models import public_sources

from .candidates import Candidacy, Endorsement
from .places import Election, Office


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
        public_source_ids = public_sources().values("pk")
        endorsements = (
            Endorsement.objects.filter(endorser__in=public_source_ids)
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
            Candidacy.objects.filter(source__in=public_source_ids)
            .select_related("source__photo", "party", "called_by")
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
