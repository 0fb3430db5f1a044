"""Where the browser checks find Chromium, Java, axe-core and the Nu Html Checker."""

import importlib.util
import os
import shutil
from pathlib import Path

from django.conf import settings

# Debian's Chromium: Playwright's own browser download is never used (no network in CI).
CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def missing_tools() -> list[str]:
    """What the browser checks need and this machine lacks, as short names."""
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("playwright (pip)")
    if not os.access(CHROMIUM, os.X_OK):
        missing.append(f"chromium ({CHROMIUM})")
    if shutil.which("java") is None:
        missing.append("java")
    if not AXE_JS.is_file() or not VNU_JAR.is_file():
        missing.append("node_modules (npm ci)")
    return missing
