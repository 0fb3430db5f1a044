"""Search and social headline and description on stories (and on reporters' proposals).

On SQLite, Django adds a NOT NULL column by rebuilding the whole table (its schema editor
cannot drop a column default afterwards): at 100,000 stories that copies every body and
takes the search triggers down for the run. A plain ADD COLUMN with a constant default
does the same job in milliseconds on SQLite and, since PostgreSQL 11, without a table
rewrite on PostgreSQL. The column keeps its database default of '' (harmless: Django
always writes the field); the model state is the ordinary AddField.
"""

from django.db import migrations, models

TITLE_HELP = (
    "Optional. Shown in search results, the browser tab and link previews on social "
    "networks instead of the headline. Search results cut titles after about 70 "
    "characters. Readers of the story page still see the headline."
)
DESCRIPTION_HELP = (
    "Optional. The summary under the title in search results and link previews, "
    "instead of the dek. Search results show about 160 characters."
)


def add_column(name: str, max_length: int) -> migrations.RunSQL:
    # The same statement is valid on SQLite and PostgreSQL; DROP COLUMN needs SQLite 3.35.
    return migrations.RunSQL(
        f'ALTER TABLE "stories_story" ADD COLUMN "{name}" varchar({max_length}) '
        "DEFAULT '' NOT NULL",
        f'ALTER TABLE "stories_story" DROP COLUMN "{name}"',
    )


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0016_image_library_permissions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                add_column("seo_title", 110),
                add_column("seo_description", 300),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="story",
                    name="seo_title",
                    field=models.CharField(
                        blank=True,
                        help_text=TITLE_HELP,
                        max_length=110,
                        verbose_name="search and social headline",
                    ),
                ),
                migrations.AddField(
                    model_name="story",
                    name="seo_description",
                    field=models.CharField(
                        blank=True,
                        help_text=DESCRIPTION_HELP,
                        max_length=300,
                        verbose_name="search and social description",
                    ),
                ),
            ],
        ),
        # Proposals are few: the ordinary AddField (a rebuild of a small table) is fine.
        migrations.AddField(
            model_name="storyproposal",
            name="seo_title",
            field=models.CharField(
                blank=True, max_length=110, verbose_name="search and social headline"
            ),
        ),
        migrations.AddField(
            model_name="storyproposal",
            name="seo_description",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="search and social description"
            ),
        ),
    ]
