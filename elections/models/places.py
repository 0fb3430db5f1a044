"""Where and when: divisions, offices, parties, election days and their key dates."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
        # Through the reverse relation: races.py imports this module, not the other way.
        Contest = self.model.contests.rel.related_model

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
