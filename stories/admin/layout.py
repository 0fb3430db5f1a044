"""The story form's layout: which fields, in which fieldsets, in which order.

Kept apart from StoryAdmin's behaviour (stories/admin/story.py) so that each stays short.
"""

from django.utils.translation import gettext_lazy as _

STORY_FIELDSETS = [
    (None, {"fields": ["headline", "slug", "dek", "body", "version", "seen_version"]}),
    (_("Dateline and credit"), {"fields": ["dateline", "credit"]}),
    # Collapsed: most stories need neither; the headline and dek stand in (see help texts).
    (
        _("Search and social"),
        {"classes": ["collapse"], "fields": ["seo_title", "seo_description"]},
    ),
    (_("Filing"), {"fields": ["section", "kind", "tags"]}),
    (_("Sources"), {"fields": ["mentioned_sources"]}),
    (_("Elections"), {"fields": ["races", "reported_endorsements"]}),
    (
        _("Lead image"),
        {"fields": ["lead_image"]},
    ),
    (_("Publishing"), {"fields": ["status", "published_at", "embargo_until"]}),
    (
        _("History"),
        {
            "classes": ["collapse"],
            "fields": ["created_at", "created_by", "updated_at", "updated_by"],
        },
    ),
]
