"""People on the ballot (candidacies) and who endorses or opposes them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sources.models import Source


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
        "elections.Contest",
        verbose_name=_("contest"),
        on_delete=models.CASCADE,
        related_name="candidacies",
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
        "elections.Party",
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
        if self.source_id and not self.source.is_public:
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
        if self.endorser_id and not self.endorser.is_public:
            raise ValidationError(
                {"endorser": _("A confidential source cannot be named as an endorser.")}
            )
        if self.announced_on and self.announced_on > timezone.localdate():
            raise ValidationError({"announced_on": _("The announcement date is in the future.")})
