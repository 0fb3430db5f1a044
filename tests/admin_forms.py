"""Building admin form posts the way a browser does: from the form the admin rendered.

Like Wagtail's form_data helpers, but read off the HTML of a GET: every field the page
shows, with its current value, including inline formsets and their management forms.
Read-only fields are not inputs, so they are not posted, exactly as in a browser; a test
that forges one passes it in `overrides`.

    data = form_data(client.get(change_url), headline="New headline")
    client.post(change_url, data)
"""

from html.parser import HTMLParser

from django.urls import reverse

# Inputs a browser does not send with the form's data.
SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


class _FormParser(HTMLParser):
    """Collects name -> values of the fields inside the form whose id is `form_id`."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.fields: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._option: dict | None = None

    def add(self, name: str | None, value: str) -> None:
        # The inline formsets' blank template, cloned by JavaScript on "Add another".
        if name and "__prefix__" not in name:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = self.found = True
        if not self.inside:
            return
        if tag == "input":
            self.input(attrs)
        elif tag == "textarea":
            self._textarea, self._text = attrs.get("name"), ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs}
            self._text = ""

    def input(self, attrs: dict) -> None:
        kind = (attrs.get("type") or "text").lower()
        if kind in SKIPPED_TYPES:
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.add(attrs.get("name"), attrs.get("value") or ("on" if kind == "checkbox" else ""))

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            # HTML drops one newline right after <textarea>; Django's widget writes one.
            self.add(self._textarea, self._text.removeprefix("\r\n").removeprefix("\n"))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            if self._option["selected"]:
                value = self._option["value"]
                self.add(self._select, self._text.strip() if value is None else value)
            self._option = None
        elif tag == "select":
            self._select = None


def form_data(response, form_id: str | None = None, **overrides) -> dict:
    """The POST a browser would send for the admin form in `response`, with `overrides` typed in.

    `form_id` defaults to the admin's change form, "<model_name>_form". An override of
    None leaves that field out of the post.
    """
    assert response.status_code == 200, response.status_code
    if form_id is None:
        form_id = f"{response.context['opts'].model_name}_form"
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    assert parser.found, f"no <form id={form_id!r}> in the page"
    data = {name: vals if len(vals) > 1 else vals[0] for name, vals in parser.fields.items()}
    data.pop("csrfmiddlewaretoken", None)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


# What an editor types into an empty story form in these tests.
NEW_STORY = {
    "headline": "Council passes budget",
    "slug": "council-passes-budget",
    "dek": "A 12-3 vote.",
    "body": '<p>Passed.</p><script>alert(1)</script><p><a href="javascript:x()">x</a></p>',
    "dateline": "LOS ANGELES",
    "tags": "Budget, City Hall",
}


def new_story_data(client, **overrides) -> dict:
    """The story add form as `client` gets it, filled in with NEW_STORY and `overrides`."""
    response = client.get(reverse("admin:stories_story_add"))
    return form_data(response, **{**NEW_STORY, **overrides})


def action_data(action: str, *objects) -> dict:
    """The change list's POST for running admin action `action` on `objects`."""
    return {"action": action, "_selected_action": [str(o.pk) for o in objects], "index": "0"}
