"""Adopting files already stored under other apps' folders into the library, for data
migrations (stories 0014, sources 0006): the file stays where it is, so every public
address and rendition address keeps working, and an Image row now describes it.
"""

from dataclasses import dataclass

from django.db.models import signals

BATCH = 1000


@dataclass(frozen=True)
class Adopted:
    name: str  # the stored file name, e.g. "stories/2024/05/Xq3...Zk.jpg"
    width: int | None
    height: int | None
    alt_text: str
    caption: str = ""
    credit: str = ""
    title: str = ""


def adopt(Image, files: list[Adopted]) -> dict[str, int]:
    """The library image's id for each file name, creating the rows that do not exist yet.

    `Image` is the migration's historical model. A file already in the library (two uses
    of one file, or a second run) is reused, not duplicated. Created in batches, without
    opening a single file: the sizes come from the columns the old fields kept.
    """
    found = {}
    names = list(dict.fromkeys(f.name for f in files))
    for start in range(0, len(names), BATCH):
        found.update(
            Image.objects.filter(file__in=names[start : start + BATCH]).values_list("file", "pk")
        )
    new = {}
    for adopted in files:
        if adopted.name not in found and adopted.name not in new:
            new[adopted.name] = adopted
    # ImageField reads a file's size on post_init when the size columns are empty (photos
    # stored before sizes were kept): a missing file would stop the migration, and 100,000
    # reads would slow it. Such an image keeps no size, exactly as before.
    file_field = Image._meta.get_field("file")
    signals.post_init.disconnect(file_field.update_dimension_fields, sender=Image)
    try:
        rows = [
            Image(
                file=a.name,
                width=a.width,
                height=a.height,
                alt_text=a.alt_text.strip()[:300],
                caption=a.caption[:500],
                credit=a.credit[:200],
                title=a.title[:255],
            )
            for a in new.values()
        ]
    finally:
        signals.post_init.connect(file_field.update_dimension_fields, sender=Image)
    for start in range(0, len(rows), BATCH):
        created = Image.objects.bulk_create(rows[start : start + BATCH])
        if any(image.pk is None for image in created):
            # A database that returns no ids from a bulk insert: look them up by name.
            batch = [image.file.name for image in created]
            found.update(Image.objects.filter(file__in=batch).values_list("file", "pk"))
        else:
            found.update((image.file.name, image.pk) for image in created)
    return found


def drop_sqlite_search_triggers(apps, schema_editor):
    """RunPython, before a migration that rebuilds a table on SQLite.

    A trigger on another table that names the rebuilt one makes SQLite's rename fail
    ("error in trigger ... no such table"). newsroom's pre_migrate handler drops the search
    triggers before an ordinary migrate, but a fresh database installs them (newsroom 0001)
    in the same run, before this migration. migrate's post_migrate (newsroom/apps.py)
    reinstalls them and reindexes what was written meanwhile.
    """
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search\\_%' "
            "ESCAPE '\\'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
