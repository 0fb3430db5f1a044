"""The Nu Html Checker (vnu.jar) on the HTML the server sends for every page type."""

import json
import subprocess

import pytest

from tests.browser.pages import PAGES
from tests.browser.tools import VNU_JAR

pytestmark = pytest.mark.browser


def vnu_errors(documents: dict[str, str], tmp_path) -> dict[str, list[str]]:
    """Validate every document in one JVM (it takes seconds to start); errors by name."""
    paths = {}
    for name, html in documents.items():
        paths[name] = tmp_path / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *paths.values(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # vnu exits 1 when it found errors; anything but a JSON report is a broken run.
    assert result.stdout, f"vnu.jar failed: {result.stderr}"
    report = json.loads(result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        # vnu names each file by a file: URL ending in the file name it was given.
        name = message.get("url", "?").rsplit("/", 1)[-1].removesuffix(".html")
        where = f"line {message['lastLine']}" if "lastLine" in message else "document"
        errors.setdefault(name, []).append(
            f"{where}: {message['message']} [{message.get('extract', '').strip()}]"
        )
    return errors


# Validated alongside the pages, in the same JVM, to prove the checker ran and reports
# errors against the right document.
CONTROL = '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p><div></p></body>'


def test_every_page_type_is_valid_html(client, browser_site, tmp_path):
    from tests.browser.conftest import front_previewer

    documents = {"invalid-control": CONTROL}
    editor = front_previewer("vnu-editor")
    for page_type in PAGES:
        if page_type.staff:
            client.force_login(editor)
        else:
            client.logout()
        response = client.get(page_type.url())
        assert response.status_code == page_type.status, page_type.name
        documents[page_type.name] = response.content.decode()
    errors = vnu_errors(documents, tmp_path)
    assert errors.pop("invalid-control"), "vnu.jar reported nothing for an invalid document"
    if errors:
        pytest.fail(
            "\n".join(
                f"vnu on the {name} page:\n    " + "\n    ".join(messages)
                for name, messages in errors.items()
            )
        )
