"""The guides stay runnable: what README.md and docs/*.md tell people to run exists.

Every `manage.py <command>` they name is a command Django knows, every `make <target>`
is a target in the Makefile, and every relative link points at a file (and, with a
#fragment, at a heading of that file).
"""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

MANAGE_COMMAND = re.compile(r"manage\.py\s+([a-z][a-z0-9_]*)")
# `make` is an English word: targets are read from code (spans and fenced blocks) only.
MAKE_TARGET = re.compile(r"(?:^|[\s;&|(`])make\s+(?:[A-Z_]+=\S+\s+)*([a-z][a-z0-9_-]*)")
CODE = re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
MAKEFILE_TARGET = re.compile(r"^([a-zA-Z][a-zA-Z0-9_-]*)\s*:(?!=)", re.MULTILINE)


def guide_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def manage_commands(text: str) -> set[str]:
    return set(MANAGE_COMMAND.findall(text))


def make_targets(text: str) -> set[str]:
    return {target for code in CODE.findall(text) for target in MAKE_TARGET.findall(code)}


def anchor(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    # A "# comment" inside a fenced block is not a heading.
    text = re.sub(r"```.*?```", "", path.read_text("utf-8"), flags=re.DOTALL)
    return {anchor(m) for m in re.findall(r"^#+\s+(.+)$", text, re.MULTILINE)}


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(path.read_text("utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        file_part, _, fragment = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target} (no such heading)")
    return broken


def test_there_are_guides_to_check():
    assert {"README.md", "docs/architecture.md", "docs/testing.md"} <= {guide_id(p) for p in GUIDES}


@pytest.mark.parametrize("guide", GUIDES, ids=guide_id)
def test_every_manage_py_command_named_exists(guide):
    unknown = manage_commands(guide.read_text("utf-8")) - set(get_commands())
    assert not unknown, f"{guide_id(guide)} names manage.py commands that do not exist: {unknown}"


@pytest.mark.parametrize("guide", GUIDES, ids=guide_id)
def test_every_make_target_named_exists(guide):
    targets = set(MAKEFILE_TARGET.findall((ROOT / "Makefile").read_text("utf-8")))
    unknown = make_targets(guide.read_text("utf-8")) - targets
    assert not unknown, f"{guide_id(guide)} names make targets that do not exist: {unknown}"


@pytest.mark.parametrize("guide", GUIDES, ids=guide_id)
def test_every_relative_link_points_at_a_file(guide):
    assert not broken_links(guide), f"{guide_id(guide)} has broken links: {broken_links(guide)}"


def test_the_checks_catch_what_they_are_for():
    # The patterns themselves: a wrong one would let every guide pass.
    text = (
        "Run `.venv/bin/python manage.py import_story x`, `make lint` and `PORT=8080 make run`;\n"
        "make sure to read it.\n```sh\nmake pytest PYTEST_ARGS=-q\n```\n"
    )
    assert manage_commands(text) == {"import_story"}
    assert make_targets(text) == {"lint", "run", "pytest"}
    assert "no_such_command" not in get_commands()
    assert anchor("`manage.py import_story PATH [PATH ...]`") == "managepy-import_story-path-path-"
