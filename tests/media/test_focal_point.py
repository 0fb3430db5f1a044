"""Crops keep the subject: wherever CSS crops a library image to a fixed shape
(object-fit: cover), its focal point decides what stays in view, for every use."""

import pytest

from media.renditions import picture_for
from stories.figures import responsive_figures
from tests.factories import AuthorFactory, ImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_the_focal_point_positions_every_crop_of_the_image():
    image = ImageFactory(focal_x=0.25, focal_y=0.1)
    assert picture_for(image).position == "25% 10%"
    # No focal point (or the centre): no style at all, as before the library.
    assert picture_for(ImageFactory()).position == ""
    assert picture_for(ImageFactory(focal_x=0.5, focal_y=0.5)).position == ""


def test_author_story_and_front_pages_crop_around_the_focal_point(client):
    image = ImageFactory(focal_x=0.3, focal_y=0.2, alt_text="Ana Ruiz at her desk")
    author = AuthorFactory(photo=image)
    story = StoryFactory(lead_image=image, authors=[author])
    for url in (author.get_absolute_url(), story.get_absolute_url(), "/"):
        page = client.get(url).content.decode()
        assert 'style="object-position: 30% 20%"' in page, url


def test_body_figures_are_shown_whole_so_there_is_nothing_to_crop():
    """A figure in the body keeps the picture's own shape (no object-fit): its renditions
    are the whole picture scaled, and no focal point is needed to read it."""
    image = ImageFactory(focal_x=0.9, focal_y=0.9)
    body = f'<figure><img src="{image.file.url}" alt="x" width="60" height="40"></figure>'
    html = responsive_figures(body)
    assert "<picture>" in html and "object-position" not in html


def test_a_candidates_round_photo_on_the_race_page_keeps_the_face(client, seed):
    race = seed.races.get()
    candidacy = race.contests.first().candidacies.first()
    candidacy.source.photo = ImageFactory(focal_x=0.4, focal_y=0.15)
    candidacy.source.save()
    page = client.get(race.get_absolute_url()).content.decode()
    assert 'class="candidate__photo"' in page
    assert 'style="object-position: 40% 15%"' in page
