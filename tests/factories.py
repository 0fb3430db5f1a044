"""Factories for tests: every object valid and, for stories, public unless told otherwise."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from media.models import Image as MediaImage
from sources.models import Source
from stories.models import Author, Byline, Quote, Section, Story
from stories.source_times import refresh_source_times
from stories.story_facts import Shown, refresh_story_facts, shown_by


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.test")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or []:
            self.groups.add(Group.objects.get(name=name))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(lambda s: slugify(s.name))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter Number{n}")
    slug = factory.LazyAttribute(lambda a: slugify(a.name))
    job_title = "Staff writer"


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"City council votes on measure {n}")
    slug = factory.LazyAttribute(lambda s: slugify(s.headline))
    dek = "The council met on Tuesday."
    body = "<p>The council met on Tuesday and voted.</p>"
    dateline = "LOS ANGELES"
    section = factory.SubFactory(SectionFactory)
    status = Story.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timedelta(hours=n + 1))

    @factory.post_generation
    def tags(self, create, names, **kwargs):
        if names:
            self.tags.add(*names)

    @factory.post_generation
    def authors(self, create, authors, **kwargs):
        for position, author in enumerate(authors or []):
            Byline.objects.create(story=self, author=author, position=position)

    @factory.post_generation
    def listed(self, create, extracted, **kwargs):
        # Tags and bylines made here skip the workflow, which keeps their times; do its part.
        if create:
            refresh_story_facts(shown_by([self.pk]))


class BylineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Byline
        # The hook below changes no field of the byline: saving it again would be one
        # more write per byline (and factory_boy's deprecation warning).
        skip_postgeneration_save = True

    story = factory.SubFactory(StoryFactory)
    author = factory.SubFactory(AuthorFactory)

    @factory.post_generation
    def listed(self, create, extracted, **kwargs):
        if create:  # As StoryFactory.listed: the author's times follow the new byline.
            refresh_story_facts(Shown(authors={self.author_id}))


class SourceFactory(factory.django.DjangoModelFactory):
    """A public person; pass kind=Source.Kind.ORGANISATION or confidential=True as needed."""

    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Pat Speaker{n}")
    sort_name = factory.LazyAttribute(lambda s: ", ".join(reversed(s.name.split(" ", 1))))
    slug = factory.LazyAttribute(lambda s: slugify(s.name))
    title = "Council member"


class QuoteFactory(factory.django.DjangoModelFactory):
    """A quote whose text is in its story's body (the story is made to contain it)."""

    class Meta:
        model = Quote
        skip_postgeneration_save = True

    story = factory.SubFactory(
        StoryFactory,
        body=factory.LazyAttribute(
            lambda s: f"<p>&ldquo;{s.factory_parent.text},&rdquo; said the speaker.</p>"
        ),
    )
    source = factory.SubFactory(SourceFactory)
    text = factory.Sequence(lambda n: f"We will fix the roads by spring number {n}")
    method = Quote.Method.SPOKEN
    attribution = "said the speaker"
    position = factory.Sequence(lambda n: n)

    @factory.post_generation
    def in_the_news(self, create, extracted, **kwargs):
        # Rows made here skip the workflow, which keeps Source.public_since; do its part.
        if create:
            refresh_source_times([self.source_id])


def photo_file(size=(60, 40), name="photo.jpg", color="gray"):
    """An uploaded JPEG, not yet stored: what a form or a factory hands to a file field."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", size, color).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name=name)


class ImageFactory(factory.django.DjangoModelFactory):
    """A library image; its file is stored (with renditions) when the row is saved."""

    class Meta:
        model = MediaImage

    file = factory.LazyFunction(photo_file)
    alt_text = factory.Sequence(lambda n: f"A street corner in Los Angeles, view {n}")


def stored_image(name: str, size=(60, 40)) -> str:
    """Write a small JPEG at `name` in the media storage and return the name.

    For tests that assign a stored path to an image field: the field reads the file
    for its width and height.
    """
    from io import BytesIO

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, "gray").save(buffer, "JPEG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def publishable_story(**kwargs) -> Story:
    """A draft that passes every pre-publish check (stories/checks.py): credit and tags too."""
    fields = {
        "status": Story.Status.DRAFT,
        "published_at": None,
        "credit": "City News Service",
        "tags": ["City Hall"],
    }
    return StoryFactory(**{**fields, **kwargs})


def mention(story: Story, *sources: Source) -> None:
    """Name sources in a story as the admin's save does: with their public_since updated."""
    story.mentioned_sources.add(*sources)
    refresh_source_times([source.pk for source in sources])
