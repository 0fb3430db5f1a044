"""Election admin: editors manage races and call them; reporters log endorsements only."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from elections.models import Candidacy, Endorsement
from tests.elections.factories import CandidacyFactory, ContestFactory, SourceFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    "division",
    "office",
    "party",
    "election",
    "race",
    "contest",
    "candidacy",
    "endorsement",
]


def form_data(response):
    """The POST a browser would send for the change form as rendered."""

    def add(form, data):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            else:
                data[key] = "" if value is None else str(value)

    data = {}
    add(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form, data)
        for form in formset.forms:
            add(form, data)
    return data


@pytest.mark.parametrize("model", MODELS)
def test_editor_can_open_every_election_admin_page(editor_client, model):
    candidacy = CandidacyFactory()
    assert editor_client.get(reverse(f"admin:elections_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:elections_{model}_add")).status_code == 200
    objects = {
        "race": candidacy.contest.race,
        "contest": candidacy.contest,
        "candidacy": candidacy,
        "office": candidacy.contest.race.office,
        "division": candidacy.contest.race.office.division,
        "election": candidacy.contest.election,
        "party": candidacy.party,
    }
    if model in objects:
        url = reverse(f"admin:elections_{model}_change", args=[objects[model].pk])
        assert editor_client.get(url).status_code == 200


def test_editor_calls_the_race_from_the_candidates_list(editor_client, editor):
    contest = ContestFactory()
    winner = CandidacyFactory(contest=contest)
    loser = CandidacyFactory(contest=contest)
    response = editor_client.post(
        reverse("admin:elections_candidacy_changelist"),
        {"action": "call_winners", "_selected_action": [winner.pk]},
        follow=True,
    )
    assert "Called" in response.content.decode()
    winner.refresh_from_db()
    loser.refresh_from_db()
    assert (winner.outcome, winner.called_by) == ("won", editor)
    assert winner.called_at is not None
    assert loser.outcome == "lost"


def test_calling_too_many_winners_is_refused_with_a_message(editor_client):
    contest = ContestFactory()
    both = [CandidacyFactory(contest=contest).pk, CandidacyFactory(contest=contest).pk]
    response = editor_client.post(
        reverse("admin:elections_candidacy_changelist"),
        {"action": "call_winners", "_selected_action": both},
        follow=True,
    )
    assert "at most 1 winning candidate(s); 2 chosen" in response.content.decode()
    assert not Candidacy.objects.exclude(outcome="pending").exists()


@pytest.fixture
def desk_client(client):
    """A staff user who may edit contests and candidates but not call races."""
    user = UserFactory(username="desk")
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="elections",
            codename__in=["view_contest", "change_contest", "view_candidacy", "change_candidacy"],
        )
    )
    client.force_login(user)
    return client


def test_a_forged_candidate_form_cannot_call_the_race(desk_client):
    candidacy = CandidacyFactory()
    url = reverse("admin:elections_candidacy_change", args=[candidacy.pk])
    data = form_data(desk_client.get(url))
    data.update({"ballot_name": "Ana Ortiz", "outcome": "won", "called_by": "1"})
    assert desk_client.post(url, data).status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.ballot_name == "Ana Ortiz"  # the form was saved, the call ignored
    assert (candidacy.outcome, candidacy.called_by, candidacy.called_at) == ("pending", None, None)


def test_a_forged_contest_form_cannot_call_the_race(desk_client):
    contest = ContestFactory()
    CandidacyFactory(contest=contest)
    url = reverse("admin:elections_contest_change", args=[contest.pk])
    data = form_data(desk_client.get(url))
    data["candidacies-0-outcome"] = "won"
    assert desk_client.post(url, data).status_code == 302
    assert not Candidacy.objects.exclude(outcome="pending").exists()


def test_the_call_actions_are_refused_without_the_call_permission(desk_client):
    candidacy = CandidacyFactory()
    changelist = reverse("admin:elections_candidacy_changelist")
    assert "call_winners" not in desk_client.get(changelist).content.decode()
    desk_client.post(changelist, {"action": "call_winners", "_selected_action": [candidacy.pk]})
    candidacy.refresh_from_db()
    assert candidacy.outcome == "pending"


def test_contest_form_explains_bad_precinct_counts(editor_client):
    contest = ContestFactory()
    url = reverse("admin:elections_contest_change", args=[contest.pk])
    data = form_data(editor_client.get(url))
    data.update(
        {
            "tally-TOTAL_FORMS": "1",
            "tally-0-precincts_reporting": "120",
            "tally-0-precincts_total": "100",
            "tally-0-updated_at_0": "2022-11-08",
            "tally-0-updated_at_1": "22:00:00",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Precincts reporting cannot be more than the precincts in all." in (
        response.content.decode()
    )


def test_reporter_logs_endorsements_but_cannot_call_races(client, reporter):
    client.force_login(reporter)
    candidacy = CandidacyFactory()
    endorser = SourceFactory()
    changelist = client.get(reverse("admin:elections_candidacy_changelist"))
    assert changelist.status_code == 200
    assert "call_winners" not in changelist.content.decode()
    client.post(
        reverse("admin:elections_candidacy_changelist"),
        {"action": "call_winners", "_selected_action": [candidacy.pk]},
    )
    candidacy.refresh_from_db()
    assert candidacy.outcome == "pending"

    response = client.post(
        reverse("admin:elections_endorsement_add"),
        {
            "endorser": endorser.pk,
            "candidacy": candidacy.pk,
            "stance": "endorse",
            "announced_on": "2022-08-02",
            "endorser_title": "Council member",
            "source_url": "",
        },
    )
    assert response.status_code == 302
    assert Endorsement.objects.filter(endorser=endorser).exists()
    race_url = reverse("admin:elections_race_change", args=[candidacy.contest.race.pk])
    assert client.post(race_url, {}).status_code == 403


def test_groups_have_election_permissions():
    editors = Group.objects.get(name="Editors").permissions
    reporters = Group.objects.get(name="Reporters").permissions
    assert editors.filter(codename="call_race").exists()
    assert editors.filter(codename="delete_race").exists()
    assert reporters.filter(codename="add_endorsement").exists()
    assert not reporters.filter(codename__in=["call_race", "change_race"]).exists()


def test_contest_page_links_to_its_candidates_for_calling(editor_client):
    contest = ContestFactory()
    mine = CandidacyFactory(contest=contest, ballot_name="Mine Person")
    CandidacyFactory(ballot_name="Elsewhere Person")
    page = editor_client.get(reverse("admin:elections_contest_change", args=[contest.pk]))
    link = reverse("admin:elections_candidacy_changelist") + f"?contest={contest.pk}"
    assert f'href="{link}"' in page.content.decode()
    listing = editor_client.get(link)
    assert listing.status_code == 200
    assert mine.ballot_name in listing.content.decode()
    assert "Elsewhere Person" not in listing.content.decode()


def test_race_page_lists_candidates_by_stage_with_links(editor_client):
    candidacy = CandidacyFactory(ballot_name="Listed <Person>")
    url = reverse("admin:elections_race_change", args=[candidacy.contest.race.pk])
    page = editor_client.get(url).content.decode()
    change = reverse("admin:elections_candidacy_change", args=[candidacy.pk])
    assert f'href="{change}">Listed &lt;Person&gt;</a>' in page
