from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import (
    Candidacy,
    Contest,
    ContestTally,
    Division,
    Election,
    Endorsement,
    KeyDate,
    Office,
    Party,
    Race,
)
from .results import call_race, uncall_race

# A race is called only through the call actions (elections.results.call_race), which check
# the call_race permission, apply the contest's rules and record who called it: forms show
# these fields and ignore them in a POST.
CALL_FIELDS = ["outcome", "called_at", "called_by"]

# Links typed without a scheme are read as https (Django 6's default), not http.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["name", "ocd_id"]
    search_fields = ["name", "ocd_id"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "division", "partisan", "seats"]
    list_select_related = ["division"]
    search_fields = ["name"]
    autocomplete_fields = ["division"]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation"]
    search_fields = ["name", "abbreviation"]


class KeyDateInline(admin.TabularInline):
    model = KeyDate
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ["kind", "label", "date", "source_name", "source_url"]


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "date", "kind", "division"]
    list_filter = ["kind"]
    list_select_related = ["division"]
    search_fields = ["name"]
    date_hierarchy = "date"
    autocomplete_fields = ["division"]
    inlines = [KeyDateInline]


class ContestInline(admin.TabularInline):
    model = Contest
    extra = 0
    fields = [
        "election",
        "stage",
        "slug",
        "number_elected",
        "win_threshold",
        "number_advancing",
        "advances_to",
    ]
    autocomplete_fields = ["election", "advances_to"]
    show_change_link = True


@admin.register(Race)
class RaceAdmin(admin.ModelAdmin):
    list_display = ["title", "office", "cycle", "is_published"]
    list_filter = ["cycle", "is_published"]
    list_select_related = ["office"]
    search_fields = ["title", "slug", "office__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["office"]
    inlines = [ContestInline]
    readonly_fields = ["ballot"]
    save_on_top = True

    @admin.display(description=_("candidates by stage"))
    def ballot(self, obj):
        # Django has no nested inlines: list each stage's candidates with links to
        # their pages, where their endorsements are edited.
        if not obj.pk:
            return _("Save the race, then add its stages below.")
        candidacies = Candidacy.objects.filter(contest__race=obj).select_related("contest")
        if not candidacies:
            return _("No candidates yet: open a stage below to add them.")
        return format_html_join(
            mark_safe("<br>"),
            '{}: <a href="{}">{}</a> ({})',
            (
                (
                    c.contest.get_stage_display(),
                    reverse("admin:elections_candidacy_change", args=[c.pk]),
                    c.name,
                    c.get_outcome_display(),
                )
                for c in candidacies.order_by("contest__election__date", "ballot_order")
            ),
        )


class CandidacyInline(admin.TabularInline):
    model = Candidacy
    extra = 0
    fields = [
        "ballot_order",
        "source",
        "ballot_name",
        "display_name",
        "designation",
        "party",
        "party_on_ballot",
        "incumbent",
        "status",
        "votes",
        "outcome",
        "called_at",
        "called_by",
    ]
    readonly_fields = CALL_FIELDS
    autocomplete_fields = ["source", "party"]
    show_change_link = True


class ContestTallyInline(admin.StackedInline):
    model = ContestTally
    formfield_overrides = HTTPS_URLS
    extra = 0
    max_num = 1
    fields = [
        ("precincts_reporting", "precincts_total"),
        ("expected_vote_percent", "ballots_cast"),
        "updated_at",
        ("source_name", "source_url"),
    ]


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "election", "stage", "number_elected", "number_advancing"]
    list_filter = ["stage", "election"]
    list_select_related = ["race", "election"]
    search_fields = ["slug", "race__title"]
    autocomplete_fields = ["race", "election", "advances_to"]
    inlines = [ContestTallyInline, CandidacyInline]
    readonly_fields = ["call_link"]
    save_on_top = True

    def get_queryset(self, request):
        # __str__ names the race: join it for lists and autocomplete alike.
        return super().get_queryset(request).select_related("race")

    @admin.display(description=_("calling the race"))
    def call_link(self, obj):
        if not obj.pk:
            return _("Save the contest and add its candidates first.")
        url = reverse("admin:elections_candidacy_changelist") + f"?contest={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("Tick the winners in this contest's candidates and choose a call action"),
        )


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ["endorser", "stance", "announced_on", "endorser_title", "source_url"]
    autocomplete_fields = ["endorser"]


@admin.register(Candidacy)
class CandidacyAdmin(admin.ModelAdmin):
    list_display = [
        "ballot_name",
        "display_name",
        "contest",
        "party",
        "incumbent",
        "status",
        "votes",
        "outcome",
        "called_at",
        "called_by",
    ]
    list_filter = ["outcome", "status", "contest__race"]
    list_select_related = ["contest__race", "party", "called_by"]
    search_fields = ["ballot_name", "display_name", "source__name", "contest__slug"]
    autocomplete_fields = ["source", "contest", "party"]
    readonly_fields = CALL_FIELDS
    inlines = [EndorsementInline]
    actions = ["call_winners", "call_advancing", "withdraw_call"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("contest__race")

    def has_call_permission(self, request):
        return request.user.has_perm("elections.call_race")

    def _call(self, request, queryset, *, advancing):
        contests = {c.contest for c in queryset.select_related("contest__race")}
        if len(contests) != 1:
            self.message_user(
                request,
                _("Select candidates from one contest at a time to call it."),
                messages.ERROR,
            )
            return
        (contest,) = contests
        try:
            call_race(
                contest=contest, winners=list(queryset), called_by=request.user, advancing=advancing
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        names = ", ".join(c.name for c in queryset)
        verb = _("advance") if advancing else _("won")
        self.message_user(
            request,
            _("Called %(contest)s: %(names)s %(verb)s.")
            % {"contest": contest, "names": names, "verb": verb},
        )

    @admin.action(description=_("Call the race: selected candidates won"), permissions=["call"])
    def call_winners(self, request, queryset):
        self._call(request, queryset, advancing=False)

    @admin.action(
        description=_("Call the race: selected candidates advance to the next stage"),
        permissions=["call"],
    )
    def call_advancing(self, request, queryset):
        self._call(request, queryset, advancing=True)

    @admin.action(
        description=_("Withdraw the call for these candidates' contests"), permissions=["call"]
    )
    def withdraw_call(self, request, queryset):
        contests = {c.contest for c in queryset.select_related("contest")}
        for contest in contests:
            uncall_race(contest=contest, user=request.user)
        self.message_user(request, _("Call withdrawn in %(n)s contest(s).") % {"n": len(contests)})


@admin.register(Endorsement)
class EndorsementAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["endorser", "stance", "candidacy", "announced_on"]
    list_filter = ["stance", "candidacy__contest__race"]
    list_select_related = ["endorser", "candidacy__contest__race"]
    search_fields = ["endorser__name", "candidacy__ballot_name", "endorser_title"]
    autocomplete_fields = ["endorser", "candidacy"]
    date_hierarchy = "announced_on"

    def get_queryset(self, request):
        # __str__ names endorser and candidate; stories' autocomplete lists them.
        return super().get_queryset(request).select_related("endorser", "candidacy")
