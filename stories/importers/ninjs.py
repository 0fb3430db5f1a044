"""IPTC ninjs (news in JSON) items, as wire services deliver them and export_stories writes them.

Both spellings are read: the flat 1.x-style fields (`headline`, `body_html`,
`description_text`, `byline`, `subject`) and the 2.x arrays (`headlines`, `bodies`,
`descriptions`, `by`, `subjects`). The README's "ninjs field mapping" table lists where
each field goes.
"""

import hashlib
import html
import json
from datetime import datetime

from django.utils import timezone
from django.utils.text import slugify

from .base import MAX_LINE_BYTES, BadInput, BylineData, ParsedStory

SECTION_SCHEME = "newsroom:section"
# The role of the `headlines[]` and `descriptions[]` entries that carry the search and
# social headline and description. ninjs 2.x leaves roles open ("main", "summary" are the
# common ones); an entry must say "seo" explicitly to be read as one.
SEO_ROLE = "seo"
BYLINE_RELS = {"author", "creator", "byline", "contributor"}
PUBSTATUSES = ("usable", "withheld", "canceled")


def _first_value(items, *, contenttype: str = "", roles: tuple[str, ...] = ()) -> str:
    """The `value` of the first 2.x array entry matching `contenttype`/`role`, or ''."""
    if not isinstance(items, list):
        return ""
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("value"), str):
            continue
        if contenttype and item.get("contenttype", contenttype) != contenttype:
            continue
        if roles and item.get("role", roles[0]) not in roles:
            continue
        if not roles and item.get("role") == SEO_ROLE:
            # Any role will do, except the one that is not the headline or dek itself.
            continue
        return item["value"]
    return ""


def _seo_value(items) -> str:
    """The value of the first `headlines[]`/`descriptions[]` entry whose role is "seo"."""
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and item.get("role") == SEO_ROLE:
            value = item.get("value")
            return value.strip() if isinstance(value, str) else ""
    return ""


def _text(item: dict, name: str, label: str, line: int | None) -> str:
    value = item.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInput(label, f"ninjs field {name!r} must be a string", line=line)
    return value.strip()


def _time(item: dict, name: str, label: str, line: int | None) -> datetime | None:
    value = item.get(name)
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadInput(
            label, f"ninjs field {name!r} is not an ISO 8601 date-time: {value!r}", line=line
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _bylines(item: dict) -> list[BylineData]:
    people = item.get("people")
    if isinstance(people, list):
        bylines = [
            BylineData(
                name=str(person["name"]).strip(),
                slug=str(person.get("code") or "").strip(),
                role=str(person.get("role") or "").strip(),
            )
            for person in people
            if isinstance(person, dict)
            and person.get("rel") in BYLINE_RELS
            and str(person.get("name") or "").strip()
        ]
        if bylines:
            return bylines
    byline = item.get("byline") or item.get("by") or ""
    if not isinstance(byline, str):
        return []
    byline = byline.strip()
    if byline.lower().startswith("by "):
        byline = byline[3:]
    names = [n.strip() for n in byline.replace(" and ", ", ").split(",")]
    return [BylineData(name=n) for n in names if n]


def _body(item: dict, label: str, line: int | None) -> str:
    """The HTML body, or the plain-text one made into escaped paragraphs."""
    body = _text(item, "body_html", label, line) or _first_value(
        item.get("bodies"), contenttype="text/html"
    )
    if body:
        return body
    plain = _text(item, "body_text", label, line) or _first_value(
        item.get("bodies"), contenttype="text/plain"
    )
    return "\n".join(
        f"<p>{html.escape(p.strip(), quote=False)}</p>" for p in plain.split("\n\n") if p.strip()
    )


def _credit(item: dict) -> str:
    """The first infosource's name: the reporting organisation."""
    infosources = item.get("infosources")
    if isinstance(infosources, list) and infosources and isinstance(infosources[0], dict):
        return str(infosources[0].get("name") or "").strip()
    return ""


def _section_and_tags(item: dict) -> tuple[str, str, list[str]]:
    """(section slug, section name, tags): subjects in our section scheme name the section,
    other subjects and the keywords are tags."""
    section_slug = section_name = ""
    tags = []
    subjects = item.get("subject") or item.get("subjects") or []
    for subject in subjects if isinstance(subjects, list) else []:
        if not isinstance(subject, dict) or not str(subject.get("name") or "").strip():
            continue
        if subject.get("scheme") == SECTION_SCHEME:
            section_name = str(subject["name"]).strip()
            section_slug = str(subject.get("code") or slugify(section_name))
        else:
            tags.append(str(subject["name"]).strip())
    keywords = item.get("keywords")
    if isinstance(keywords, list):
        tags += [k.strip() for k in keywords if isinstance(k, str) and k.strip()]
    return section_slug, section_name, tags


def parse_ninjs(
    item, *, label: str, line: int | None = None, checksum_salt: str = ""
) -> ParsedStory:
    """Parse one decoded ninjs item (a dict) into a ParsedStory."""
    if not isinstance(item, dict):
        raise BadInput(label, "a ninjs item must be a JSON object", line=line)
    kind = item.get("type", "text")
    if kind not in ("text", "composite"):
        raise BadInput(label, f"ninjs type {kind!r} is not a text story", line=line)
    uri = _text(item, "uri", label, line)
    headline = _text(item, "headline", label, line) or _first_value(
        item.get("headlines"), roles=("main", "")
    )
    missing = [name for name, value in (("uri", uri), ("headline", headline)) if not value]
    if missing:
        raise BadInput(
            label, f"ninjs is missing required field(s): {', '.join(missing)}", line=line
        )
    body = _body(item, label, line)
    dek = _text(item, "description_text", label, line) or _first_value(
        item.get("descriptions"), contenttype="text/plain"
    )
    section_slug, section_name, tags = _section_and_tags(item)
    first = _time(item, "firstcreated", label, line)
    version_time = _time(item, "versioncreated", label, line)
    pubstatus = _text(item, "pubstatus", label, line).lower() or "usable"
    if pubstatus not in PUBSTATUSES:
        raise BadInput(
            label, f"ninjs pubstatus {pubstatus!r} is not usable, withheld or canceled", line=line
        )
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return ParsedStory(
        label=f"{label}, line {line}" if line else label,
        key=uri,
        checksum=hashlib.sha256((checksum_salt + canonical).encode()).hexdigest(),
        version=str(item.get("version") or "")[:50],
        headline=headline,
        dek=dek,
        seo_title=_seo_value(item.get("headlines")),
        seo_description=_seo_value(item.get("descriptions")),
        body=body,
        dateline=_text(item, "located", label, line),
        credit=_credit(item),
        slug=slugify(_text(item, "slugline", label, line)),
        section_slug=section_slug,
        section_name=section_name,
        bylines=_bylines(item),
        tags=tags,
        published_at=first,
        created_at=_time(item, "contentcreated", label, line) or first,
        updated_at=version_time,
        embargo_until=_time(item, "embargoed", label, line),
        pubstatus=pubstatus,
    )


def iter_json(text: str, *, label: str, checksum_salt: str = ""):
    """Yield ParsedStory items from a JSON document: one object, or an array of objects."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(
            label, f"malformed JSON: {error.msg} (column {error.colno})", line=error.lineno
        ) from None
    except RecursionError:
        raise BadInput(label, TOO_DEEP) from None
    items = document if isinstance(document, list) else [document]
    for item in items:
        yield parse_ninjs(item, label=label, checksum_salt=checksum_salt)


# What bounded_lines yields for a line over MAX_LINE_BYTES, which is never kept in memory.
OVERLONG_LINE = object()


def bounded_lines(stream):
    """The lines of a binary stream, none longer than MAX_LINE_BYTES in memory."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield OVERLONG_LINE
        else:
            yield line


# Python's parser recurses once per level: a 100,000-deep document is an attack, not news.
TOO_DEEP = "the JSON nests too deeply to read (no story needs more than a few levels)"


def iter_json_lines(lines, *, label: str, checksum_salt: str = ""):
    """Yield a ParsedStory, or the BadInput, for each line of JSON Lines, reading as it goes.

    A bad line is yielded rather than raised so that, with --continue-on-error, the lines
    after it are still imported.
    """
    for number, line in enumerate(lines, start=1):
        if line is OVERLONG_LINE:
            megabytes = MAX_LINE_BYTES // 1024 // 1024
            yield BadInput(label, f"the line is longer than {megabytes} MB", line=number)
            continue
        try:
            if isinstance(line, bytes):
                line = line.decode("utf-8-sig")
            if not line.strip():
                continue
            item = json.loads(line)
            yield parse_ninjs(item, label=label, line=number, checksum_salt=checksum_salt)
        except UnicodeDecodeError:
            yield BadInput(label, "not UTF-8 text", line=number)
        except json.JSONDecodeError as error:
            yield BadInput(
                label, f"malformed JSON: {error.msg} (column {error.colno})", line=number
            )
        except RecursionError:
            yield BadInput(label, TOO_DEEP, line=number)
        except BadInput as error:
            yield error
