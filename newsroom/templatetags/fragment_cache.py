"""`{% cachedfragment %}`: a part of a page kept under the page cache's generation.

    {% load fragment_cache %}
    {% cachedfragment "story-people" story.pk shows=story_people %}
      {% include "includes/story_people.html" %}
    {% endcachedfragment %}

Rendered once per generation for each combination of the values after the name (and
reused by every page until the next change a reader could see, newsroom/cache/fragments.py).
`shows=` names what the fragment displays, so its surrogate keys reach the page's header
even when the fragment comes from the cache. The fragment's data must be fetched while the
fragment renders (lazily, e.g. a SimpleLazyObject from the view): a cached fragment then
costs no query at all. Unlike Django's `{% cache %}`, it needs no timeout or invalidation
of its own and renders afresh where no generation applies (the admin, previews).
"""

from django import template

from newsroom.cache import fragments, keys

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, shows):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts
        self.shows = shows

    def render(self, context):
        request = context.get("request")

        def render_now():
            html = self.nodelist.render(context)
            shown = keys.object_keys(self.shows.resolve(context)) if self.shows else set()
            return html, sorted(shown)

        parts = [part.resolve(context) for part in self.parts]
        html, shown = fragments.cached(request, self.name, parts, render_now)
        fragments.note_keys(request, shown)
        # A node's output joins the template's as it is (NodeList.render): no escaping here,
        # none needed; it was escaped when the fragment rendered.
        return html


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError(
            "{% cachedfragment %} takes a quoted name, then the values it varies with."
        )
    shows = None
    parts = []
    for bit in bits[2:]:
        if bit.startswith("shows="):
            shows = parser.compile_filter(bit.removeprefix("shows="))
        else:
            parts.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, bits[1][1:-1], parts, shows)
