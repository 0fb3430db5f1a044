"""The full-text index behind /search/, kept in sync by the database itself.

Triggers, not Python: every write path (admin, `save()`, `bulk_create()`, `update()`,
fixtures, tag edits through taggit, raw SQL) keeps the index current, and nothing in the
models has to remember it.

- PostgreSQL: a stored `tsvector` column on stories_story (headline A, dek and tags B,
  body C), GIN-indexed and filled by a BEFORE trigger when the text changes, which
  statement-level triggers on the tag tables re-fire once per story; on sources_source
  a GENERATED column (name A, title B, bio C). The body is HTML: PostgreSQL's parser
  recognises tags and the english configuration drops them.
- SQLite: FTS5 tables `search_story_fts` and `search_source_fts` (rowid = the model's id),
  filled by AFTER triggers. SQLite drops a table's triggers when a migration rebuilds the
  table, so a `migrate` that applies anything drops them first and `repair_sqlite_index()`
  reinstalls them afterwards, reindexing only the rows that changed meanwhile; the index
  itself is rebuilt only when its definition changes.

The migration newsroom/0001_search_index installs it (0002 updated the PostgreSQL
triggers); search.py queries it.
"""

# Every statement here is a constant assembled from constants: no value from a request
# or a row is ever formatted into SQL (S608 would flag the assembly, not a real risk).
# ruff: noqa: S608

STORY_TEXT_SQLITE = """
INSERT INTO search_story_fts(rowid, headline, dek, body, tags)
SELECT s.id, s.headline, s.dek, s.body,
       coalesce((SELECT group_concat(t.name, ' ') FROM taggit_tag t
                 JOIN stories_taggedstory ts ON ts.tag_id = t.id
                 WHERE ts.content_object_id = s.id), '')
FROM stories_story s WHERE s.id IN ({ids});
"""

# Keyed by name, written as sqlite_master stores them (SQLite drops "IF NOT EXISTS"), so
# sync_sqlite_index() can tell an index whose definition changed from one that is current.
SQLITE_TABLES = {
    "search_story_fts": "CREATE VIRTUAL TABLE search_story_fts USING fts5("
    "headline, dek, body, tags, tokenize='porter unicode61 remove_diacritics 2')",
    "search_source_fts": "CREATE VIRTUAL TABLE search_source_fts USING fts5("
    "name, title, bio, tokenize='porter unicode61 remove_diacritics 2')",
}


def _reindex_stories(ids: str) -> str:
    return f"DELETE FROM search_story_fts WHERE rowid IN ({ids});" + STORY_TEXT_SQLITE.format(
        ids=ids
    )


SQLITE_TRIGGERS = {
    "search_story_ai": "AFTER INSERT ON stories_story BEGIN "
    + STORY_TEXT_SQLITE.format(ids="NEW.id")
    + " END",
    "search_story_au": "AFTER UPDATE ON stories_story BEGIN "
    + "DELETE FROM search_story_fts WHERE rowid = OLD.id;"
    + STORY_TEXT_SQLITE.format(ids="NEW.id")
    + " END",
    "search_story_ad": "AFTER DELETE ON stories_story BEGIN "
    "DELETE FROM search_story_fts WHERE rowid = OLD.id; END",
    "search_taggedstory_ai": "AFTER INSERT ON stories_taggedstory BEGIN "
    + _reindex_stories("NEW.content_object_id")
    + " END",
    "search_taggedstory_ad": "AFTER DELETE ON stories_taggedstory BEGIN "
    + _reindex_stories("OLD.content_object_id")
    + " END",
    # Only a change of tag or story changes the document: the row's copy of the story's
    # time (stories.listing_times) moves whenever the story is published or re-timed.
    "search_taggedstory_au": "AFTER UPDATE OF content_object_id, tag_id ON stories_taggedstory "
    "BEGIN " + _reindex_stories("OLD.content_object_id, NEW.content_object_id") + " END",
    "search_tag_au": "AFTER UPDATE OF name ON taggit_tag BEGIN "
    + _reindex_stories("SELECT content_object_id FROM stories_taggedstory WHERE tag_id = NEW.id")
    + " END",
    "search_source_ai": "AFTER INSERT ON sources_source BEGIN "
    "INSERT INTO search_source_fts(rowid, name, title, bio) "
    "VALUES (NEW.id, NEW.name, NEW.title, NEW.bio); END",
    "search_source_au": "AFTER UPDATE ON sources_source BEGIN "
    "DELETE FROM search_source_fts WHERE rowid = OLD.id; "
    "INSERT INTO search_source_fts(rowid, name, title, bio) "
    "VALUES (NEW.id, NEW.name, NEW.title, NEW.bio); END",
    "search_source_ad": "AFTER DELETE ON sources_source BEGIN "
    "DELETE FROM search_source_fts WHERE rowid = OLD.id; END",
}

SOURCE_TEXT_SQLITE = (
    "INSERT INTO search_source_fts(rowid, name, title, bio) "
    "SELECT id, name, title, bio FROM sources_source WHERE id IN ({ids})"
)

SQLITE_FILL = {
    "search_story_fts": STORY_TEXT_SQLITE.format(ids="SELECT id FROM stories_story"),
    "search_source_fts": SOURCE_TEXT_SQLITE.format(ids="SELECT id FROM sources_source"),
}

# Rows written while the triggers were down (during a migration): each query finds the
# ids whose indexed text is missing, stale or orphaned, by comparing the index's stored
# copy of the text with the table. One pass over both; no tokenizing unless a row differs.
SQLITE_STALE = {
    "search_story_fts": """
        SELECT s.id FROM stories_story s LEFT JOIN search_story_fts f ON f.rowid = s.id
        WHERE f.rowid IS NULL OR f.headline IS NOT s.headline OR f.dek IS NOT s.dek
           OR f.body IS NOT s.body
           OR f.tags IS NOT coalesce((SELECT group_concat(t.name, ' ') FROM taggit_tag t
                                     JOIN stories_taggedstory ts ON ts.tag_id = t.id
                                     WHERE ts.content_object_id = s.id), '')
        UNION ALL
        SELECT rowid FROM search_story_fts WHERE rowid NOT IN (SELECT id FROM stories_story)
    """,
    "search_source_fts": """
        SELECT s.id FROM sources_source s LEFT JOIN search_source_fts f ON f.rowid = s.id
        WHERE f.rowid IS NULL OR f.name IS NOT s.name OR f.title IS NOT s.title
           OR f.bio IS NOT s.bio
        UNION ALL
        SELECT rowid FROM search_source_fts WHERE rowid NOT IN (SELECT id FROM sources_source)
    """,
}
SQLITE_REFILL = {
    "search_story_fts": STORY_TEXT_SQLITE,
    "search_source_fts": SOURCE_TEXT_SQLITE,
}

# A story's document, in one function so the trigger and the importer, which computes
# new stories' documents ahead on a second connection (stories/importers/documents.py),
# make the same one. Tags are joined in byte order ("C"), Python's sorted() order, so a
# document computed from the importer's tag names equals the trigger's, positions too.
POSTGRES_STORY_DOCUMENT = """CREATE OR REPLACE FUNCTION search_story_document(
  headline text, dek text, tags text, body text) RETURNS tsvector AS $$
  SELECT setweight(to_tsvector('english', coalesce(headline, '')), 'A')
      || setweight(to_tsvector('english', coalesce(dek, '')), 'B')
      || setweight(to_tsvector('english', coalesce(tags, '')), 'B')
      || setweight(to_tsvector('english', coalesce(body, '')), 'C')
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE"""

POSTGRES_STORY_TAGS = """(SELECT string_agg(t.name, ' ' ORDER BY t.name COLLATE "C")
   FROM taggit_tag t JOIN stories_taggedstory ts ON ts.tag_id = t.id
   WHERE ts.content_object_id = NEW.id)"""

POSTGRES_STORY_VECTOR = f"""search_story_document(
  NEW.headline, NEW.dek, {POSTGRES_STORY_TAGS}, NEW.body)"""

# Idempotent, so the migration that changed them can run them on a database the first
# migration already set up.
POSTGRES_TRIGGERS = [
    POSTGRES_STORY_DOCUMENT,
    # An INSERT that brings its document keeps it: the importer computed it with the
    # same function, and a restored dump carries its own. Otherwise recomputed only when
    # the indexed text changed or a tag change asked for it (by setting the column to
    # NULL): publishing, claiming a version or stamping times are updates too, and
    # re-parsing a 400-word body for each made imports slow.
    f"""CREATE OR REPLACE FUNCTION search_story_vector() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'INSERT' AND NEW.search_vector IS NOT NULL THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND NEW.search_vector IS NOT NULL
         AND NEW.headline IS NOT DISTINCT FROM OLD.headline
         AND NEW.dek IS NOT DISTINCT FROM OLD.dek
         AND NEW.body IS NOT DISTINCT FROM OLD.body THEN
        RETURN NEW;
      END IF;
      NEW.search_vector := {POSTGRES_STORY_VECTOR};
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS search_story_vector ON stories_story",
    """CREATE TRIGGER search_story_vector BEFORE INSERT OR UPDATE ON stories_story
    FOR EACH ROW EXECUTE FUNCTION search_story_vector()""",
    # A tag added, removed or renamed re-fires the story's trigger: once per story for
    # each statement, not once per tag row (an import of 100,000 stories with their tags
    # rewrote stories 350,000 times). Transition tables need one trigger per event.
    "DROP TRIGGER IF EXISTS search_taggedstory_changed ON stories_taggedstory",
    """CREATE OR REPLACE FUNCTION search_taggedstory_changed() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        UPDATE stories_story SET search_vector = NULL
        WHERE id IN (SELECT content_object_id FROM old_rows);
      ELSIF TG_OP = 'INSERT' THEN
        UPDATE stories_story SET search_vector = NULL
        WHERE id IN (SELECT content_object_id FROM new_rows);
      ELSE
        -- Only rows whose tag or story changed: the row's copy of the story's time
        -- (stories.listing_times) moves whenever a story is published or re-timed,
        -- which changes no document. (A trigger with transition tables cannot be
        -- limited to some columns, so the rows are paired by id here.)
        UPDATE stories_story SET search_vector = NULL WHERE id IN (
          SELECT o.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE n.tag_id <> o.tag_id OR n.content_object_id <> o.content_object_id
          UNION
          SELECT n.content_object_id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE n.tag_id <> o.tag_id OR n.content_object_id <> o.content_object_id);
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS search_taggedstory_inserted ON stories_taggedstory",
    """CREATE TRIGGER search_taggedstory_inserted AFTER INSERT ON stories_taggedstory
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_taggedstory_changed()""",
    "DROP TRIGGER IF EXISTS search_taggedstory_updated ON stories_taggedstory",
    """CREATE TRIGGER search_taggedstory_updated AFTER UPDATE ON stories_taggedstory
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_taggedstory_changed()""",
    "DROP TRIGGER IF EXISTS search_taggedstory_deleted ON stories_taggedstory",
    """CREATE TRIGGER search_taggedstory_deleted AFTER DELETE ON stories_taggedstory
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION search_taggedstory_changed()""",
    """CREATE OR REPLACE FUNCTION search_tag_renamed() RETURNS trigger AS $$
    BEGIN
      UPDATE stories_story SET search_vector = NULL WHERE id IN (
        SELECT content_object_id FROM stories_taggedstory WHERE tag_id = NEW.id);
      RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS search_tag_renamed ON taggit_tag",
    """CREATE TRIGGER search_tag_renamed AFTER UPDATE OF name ON taggit_tag
    FOR EACH ROW EXECUTE FUNCTION search_tag_renamed()""",
    # Which plan finds a search's newest matches (newsroom.search.few_matches): true when
    # `words` match so few stories, by the column's statistics, that reading them all by
    # the GIN index is cheaper than walking the primary key. A function, not inline SQL:
    # PL/pgSQL plans its queries once per connection, where the same SQL inside every
    # search was planned each time (2-3 ms, more than it takes to run).
    """CREATE OR REPLACE FUNCTION search_story_few_matches(words text, most double precision)
    RETURNS boolean AS $$
    DECLARE
      share double precision;
      stories double precision;
    BEGIN
      SELECT exp(sum(ln(greatest(
               coalesce(s.freqs[array_position(s.elems, lexeme)], 0), 1e-12))))
        INTO share
        FROM (SELECT most_common_elems::text::text[] AS elems,
                     most_common_elem_freqs AS freqs
              FROM pg_stats WHERE schemaname = current_schema()
              AND tablename = 'stories_story' AND attname = 'search_vector') AS s
        CROSS JOIN unnest(tsvector_to_array(to_tsvector('english', words))) AS lexeme;
      SELECT reltuples INTO stories FROM pg_class WHERE oid = 'stories_story'::regclass;
      RETURN coalesce(share * share * stories < most, false);
    END $$ LANGUAGE plpgsql STABLE""",
]

POSTGRES_INSTALL = [
    "ALTER TABLE stories_story ADD COLUMN search_vector tsvector",
    "CREATE INDEX story_search_vector_idx ON stories_story USING gin (search_vector)",
    *POSTGRES_TRIGGERS,
    "UPDATE stories_story SET search_vector = NULL",
    """ALTER TABLE sources_source ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')
      || setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'B')
      || setweight(to_tsvector('english'::regconfig, coalesce(bio, '')), 'C')
    ) STORED""",
    "CREATE INDEX source_search_vector_idx ON sources_source USING gin (search_vector)",
]

POSTGRES_UNINSTALL = [
    "DROP TRIGGER IF EXISTS search_tag_renamed ON taggit_tag",
    "DROP FUNCTION IF EXISTS search_tag_renamed()",
    "DROP TRIGGER IF EXISTS search_taggedstory_inserted ON stories_taggedstory",
    "DROP TRIGGER IF EXISTS search_taggedstory_updated ON stories_taggedstory",
    "DROP TRIGGER IF EXISTS search_taggedstory_deleted ON stories_taggedstory",
    "DROP TRIGGER IF EXISTS search_taggedstory_changed ON stories_taggedstory",
    "DROP FUNCTION IF EXISTS search_taggedstory_changed()",
    "DROP TRIGGER IF EXISTS search_story_vector ON stories_story",
    "DROP FUNCTION IF EXISTS search_story_vector()",
    "DROP FUNCTION IF EXISTS search_story_document(text, text, text, text)",
    "DROP FUNCTION IF EXISTS search_story_few_matches(text, double precision)",
    "ALTER TABLE stories_story DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE sources_source DROP COLUMN IF EXISTS search_vector",
]


def _execute(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    """Create the index, its triggers, and fill it from the existing rows."""
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRES_INSTALL)
    elif connection.vendor == "sqlite":
        sync_sqlite_index(connection, install=True)


def update_triggers(connection) -> None:
    """Bring an installed index's triggers up to date (SQLite's: after every migrate)."""
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRES_TRIGGERS)


def uninstall(connection) -> None:
    if connection.vendor == "postgresql":
        _execute(connection, POSTGRES_UNINSTALL)
    elif connection.vendor == "sqlite":
        _execute(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS])
        _execute(
            connection,
            ["DROP TABLE IF EXISTS search_story_fts", "DROP TABLE IF EXISTS search_source_fts"],
        )


def drop_sqlite_triggers(connection) -> None:
    """Drop the SQLite search triggers before migrations run.

    SQLite alters a table by rebuilding it (create a copy, drop the old, rename the copy);
    a trigger on another table that names stories_story makes that rename fail with
    "error in trigger ... no such table". post_migrate puts them back and catches up with
    what changed meanwhile (sync_sqlite_index), so later migrations may alter these tables.
    """
    if connection.vendor == "sqlite":
        _execute(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS])


def sync_sqlite_index(connection, *, install: bool = False) -> list[str]:
    """Make the SQLite index match its definition; return what had to be done.

    A full rebuild (tens of seconds at 100,000 stories, while searches find nothing and
    writers wait) happens only for a table that is missing or whose definition changed.
    Triggers that are missing or outdated are recreated; if any was missing, the rows
    written meanwhile are found by comparing text with the index and reindexed alone.
    With everything current it reads sqlite_master and returns [].
    """
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = dict(cursor.fetchall())
    if not install and not set(SQLITE_TABLES) & set(present):
        return []  # not migrated yet: the migration installs it
    done = []
    rebuilt = set()
    for table, definition in SQLITE_TABLES.items():
        if present.get(table) != definition:
            _execute(connection, [f"DROP TABLE IF EXISTS {table}", definition, SQLITE_FILL[table]])
            rebuilt.add(table)
            done.append(f"rebuilt {table}")
    missing = False
    for name, body in SQLITE_TRIGGERS.items():
        definition = f"CREATE TRIGGER {name} {body}"
        if present.get(name) != definition:
            missing = missing or name not in present
            _execute(connection, [f"DROP TRIGGER IF EXISTS {name}", definition])
            done.append(f"installed trigger {name}")
    if missing:
        for table in SQLITE_TABLES.keys() - rebuilt:
            with connection.cursor() as cursor:
                cursor.execute(SQLITE_STALE[table])
                stale = [row[0] for row in cursor.fetchall()]
            for start in range(0, len(stale), 500):
                ids = ",".join(str(int(pk)) for pk in stale[start : start + 500])
                _execute(
                    connection,
                    [
                        f"DELETE FROM {table} WHERE rowid IN ({ids})",
                        SQLITE_REFILL[table].format(ids=ids),
                    ],
                )
            if stale:
                done.append(f"reindexed {len(stale)} rows of {table}")
    return done


def repair_sqlite_index(connection) -> bool:
    """After migrate: reinstall what a migration dropped or changed; True if it had to."""
    return bool(sync_sqlite_index(connection))
