"""Building admin POSTs for stories the way a browser would send them."""

from django.utils import timezone

from stories.models import Story


def change_form_data(story: Story, **overrides) -> dict:
    """The story's change form as the admin renders it, with `overrides` typed in."""
    bylines = list(story.bylines.all())
    quotes = list(story.quotes.all())
    embargo = timezone.localtime(story.embargo_until) if story.embargo_until else None
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "dek": story.dek,
        "body": story.body,
        "version": str(story.version),
        "dateline": story.dateline,
        "credit": story.credit,
        "section": str(story.section_id or ""),
        "kind": story.kind,
        "tags": ", ".join(story.tags.names()),
        "lead_image_alt": story.lead_image_alt,
        "lead_image_caption": story.lead_image_caption,
        "lead_image_credit": story.lead_image_credit,
        "embargo_until_0": embargo.strftime("%Y-%m-%d") if embargo else "",
        "embargo_until_1": embargo.strftime("%H:%M:%S") if embargo else "",
        "bylines-TOTAL_FORMS": str(len(bylines)),
        "bylines-INITIAL_FORMS": str(len(bylines)),
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "quotes-TOTAL_FORMS": str(len(quotes)),
        "quotes-INITIAL_FORMS": str(len(quotes)),
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
        "mentioned_sources": [
            str(pk) for pk in story.mentioned_sources.values_list("pk", flat=True)
        ],
    }
    for n, byline in enumerate(bylines):
        data.update(
            {
                f"bylines-{n}-id": str(byline.pk),
                f"bylines-{n}-story": str(story.pk),
                f"bylines-{n}-author": str(byline.author_id),
                f"bylines-{n}-role": byline.role,
                f"bylines-{n}-position": str(byline.position),
            }
        )
    for n, quote in enumerate(quotes):
        data.update(
            {
                f"quotes-{n}-id": str(quote.pk),
                f"quotes-{n}-story": str(story.pk),
                f"quotes-{n}-source": str(quote.source_id),
                f"quotes-{n}-text": quote.text,
                f"quotes-{n}-method": quote.method,
                f"quotes-{n}-attribution": quote.attribution,
                f"quotes-{n}-position": str(quote.position),
            }
        )
    data.update(overrides)
    return data


def action_data(action: str, *stories: Story) -> dict:
    return {"action": action, "_selected_action": [str(s.pk) for s in stories], "index": "0"}
