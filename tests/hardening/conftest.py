# The importers' fixtures, for the hostile-input tests that run import_story.
from tests.importers.conftest import fixture_sources  # noqa: F401
