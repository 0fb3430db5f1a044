"""The embedded page store: one SQLite file that every process on the machine shares."""

import time_machine

from newsroom.cache.sqlite import CULL_EVERY, SQLiteCache


def two_processes(tmp_path, **options):
    params = {"TIMEOUT": None, "OPTIONS": options}
    return SQLiteCache(tmp_path / "pages.sqlite3", params), SQLiteCache(
        tmp_path / "pages.sqlite3", params
    )


def test_what_one_process_stores_the_other_reads(tmp_path):
    first, second = two_processes(tmp_path)
    first.set("page", {"body": b"<html>"})
    first.set("generation", "a")
    assert second.get_many(["page", "generation", "missing"]) == {
        "page": {"body": b"<html>"},
        "generation": "a",
    }
    second.set("generation", "b")
    assert first.get("generation") == "b"


def test_entries_expire_and_add_keeps_a_live_one(tmp_path):
    first, second = two_processes(tmp_path)
    with time_machine.travel(0, tick=False) as clock:
        first.set("page", "old", timeout=10)
        assert not second.add("page", "other")
        clock.shift(10)
        assert second.get("page", "gone") == "gone"
        assert second.add("page", "new")
        assert first.get("page") == "new"


def test_delete_touch_clear(tmp_path):
    cache, _ = two_processes(tmp_path)
    cache.set("a", 1)
    assert cache.touch("a", 5) and cache.has_key("a")
    assert cache.delete("a") and not cache.delete("a")
    cache.set("b", 2)
    cache.clear()
    assert cache.get("b") is None


def test_it_stays_within_max_entries(tmp_path):
    cache, _ = two_processes(tmp_path, MAX_ENTRIES=50, CULL_FREQUENCY=2)
    for n in range(CULL_EVERY):
        cache.set(f"page-{n}", n, timeout=60 + n)
    kept = cache.get_many([f"page-{n}" for n in range(CULL_EVERY)])
    assert len(kept) == 50
    # The soonest to expire went first.
    assert min(kept.values()) == 50
