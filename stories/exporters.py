"""Stories out as IPTC ninjs, the format import_story reads back (see README for the mapping)."""

import mimetypes
from collections.abc import Iterator
from urllib.parse import urljoin

from django.conf import settings

from media.renditions import renditions_for

from .importers.ninjs import SECTION_SCHEME
from .models import Story, StoryQuerySet


def story_uri(story: Story) -> str:
    """The story's ninjs uri: where it was imported from, else a URN with its id."""
    return story.import_key or f"urn:newsroom:story:{story.pk}"


def default_base_url() -> str:
    """Where the exported files' site-relative addresses are resolved: the newsroom's domain."""
    return f"https://{settings.NEWSROOM_DOMAIN}/"


def image_association(image, base_url: str) -> dict:
    """A library image as a ninjs 2.x `picture` association: its texts and its renditions
    as absolute addresses, from the stored name and size (no file is opened)."""
    storage = image.file.storage
    original = {"href": urljoin(base_url, storage.url(image.file.name))}
    mime_type = mimetypes.guess_type(image.file.name)[0]
    if mime_type:
        original["mimetype"] = mime_type
    if image.width and image.height:
        original.update(width=image.width, height=image.height)
    renditions = {"original": original}
    if image.width and image.height:
        for rendition in renditions_for(image.file.name, image.width, image.height):
            subtype = rendition.mime_type.split("/")[1]
            renditions[f"{subtype}-{rendition.width}w"] = {
                "href": urljoin(base_url, storage.url(rendition.name)),
                "mimetype": rendition.mime_type,
                "width": rendition.width,
                "height": rendition.height,
            }
    association = {
        "uri": f"urn:newsroom:image:{image.pk}",
        "type": "picture",
        # The alt text is what describes the picture to someone who cannot see it.
        "description_text": image.alt_text,
        "renditions": renditions,
    }
    if image.caption:
        association["body_text"] = image.caption
    if image.credit:
        association["byline"] = image.credit
    # Not the image's "source / licence": that is the newsroom's own note of the terms.
    return association


def story_to_ninjs(story: Story, *, with_images: bool = False, base_url: str = "") -> dict:
    """One story as a ninjs dict. Bylines, tags, section and lead image must be fetched.

    `with_images` adds the lead image: only for partners the images' licences allow (a
    wire photo is often licensed for our own pages only). `base_url`, the site's scheme
    and host, makes its addresses absolute (default: the newsroom's domain); a storage
    that gives absolute addresses keeps them.
    """
    bylines = list(story.bylines.all())
    names = [b.author.name for b in bylines]
    item = {
        "uri": story_uri(story),
        "type": "text",
        "version": story.updated_at.strftime("%Y%m%d%H%M%S%f"),
        "pubstatus": "usable" if story.status == Story.Status.PUBLISHED else "withheld",
        "language": settings.LANGUAGE_CODE,
        "slugline": story.slug,
        "headline": story.headline,
        "description_text": story.dek,
        "body_html": story.body,
        "located": story.dateline,
        "contentcreated": story.created_at.isoformat(),
        "versioncreated": story.updated_at.isoformat(),
    }
    # ninjs 2.x arrays beside the flat fields: the search and social headline and
    # description travel as entries with role "seo" (importers/ninjs.py reads them back).
    item["headlines"] = [{"role": "main", "contenttype": "text/plain", "value": story.headline}]
    if story.seo_title:
        item["headlines"].append(
            {"role": "seo", "contenttype": "text/plain", "value": story.seo_title}
        )
    if story.dek or story.seo_description:
        item["descriptions"] = [
            {"role": role, "contenttype": "text/plain", "value": value}
            for role, value in (("summary", story.dek), ("seo", story.seo_description))
            if value
        ]
    if story.published_at:
        item["firstcreated"] = story.published_at.isoformat()
    if story.embargo_until:
        item["embargoed"] = story.embargo_until.isoformat()
    if story.credit:
        item["infosources"] = [{"name": story.credit}]
    if names:
        item["byline"] = "By " + (
            f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
        )
        item["people"] = [
            {"name": b.author.name, "code": b.author.slug, "rel": "author", "role": b.role}
            for b in bylines
        ]
    subjects = [{"name": tag.name, "code": tag.slug} for tag in story.tags.all()]
    if story.section:
        subjects.append(
            {"name": story.section.name, "code": story.section.slug, "scheme": SECTION_SCHEME}
        )
    if subjects:
        item["subject"] = subjects
    if with_images and story.lead_image:
        # ninjs 2.x names associations; "featureimage" is the customary name of the lead.
        item["associations"] = {
            "featureimage": image_association(story.lead_image, base_url or default_base_url())
        }
    return item


def iter_ninjs(
    stories: StoryQuerySet, *, with_images: bool = False, base_url: str = ""
) -> Iterator[tuple[Story, dict]]:
    """(story, ninjs dict) for each story, fetched in chunks so memory stays flat."""
    queryset = stories.with_card_relations().order_by("pk")
    for story in queryset.iterator(chunk_size=500):
        yield story, story_to_ninjs(story, with_images=with_images, base_url=base_url)
