"""The archive bench/archive.py measures: N stories as a local newsroom has them after ten
years, written with bulk inserts and the search index filled once at the end.

N stories of about 400 words (1% drafts, a few scheduled), 10 sections, 200 tags, 500
authors, 5,000 sources (5% confidential), 400 races, quotes in ~47% of stories, 2,000
corrections, plus the seed story. Words follow a Zipf-like distribution over newsroom
vocabulary and a long tail of pseudo-words, with English function words between them, so
search meets both very common and very rare terms.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta

SECTIONS = [
    "Politics", "Crime", "Schools", "Business", "Housing",
    "Transportation", "Environment", "Health", "Arts", "Sports",
]  # fmt: skip
# Common newsroom vocabulary, most frequent first (drawn with Zipf-like weights), and the
# function words every English text is mostly made of: search must cope with both.
COMMON = [
    "city", "council", "said", "county", "police", "school", "state", "year", "people",
    "budget", "vote", "mayor", "plan", "housing", "public", "water", "new", "million",
    "district", "officials", "board", "residents", "community", "transit", "fire", "department",
    "report", "meeting", "project", "homeless", "program", "street", "law", "court", "members",
    "health", "service", "local", "election", "campaign", "business", "families", "students",
    "teachers", "workers", "park", "development", "tax", "rent", "tenants", "street", "safety",
    "federal", "funding", "money", "support", "approved", "week", "proposal", "measure",
    "office", "building", "construction", "traffic", "bus", "rail", "airport", "harbor", "port",
    "library", "museum", "hospital", "clinic", "drought", "wildfire", "earthquake", "storm",
    "flood", "heat", "power", "electric", "utility", "contract", "union", "strike", "lawsuit",
    "judge", "jury", "trial", "arrest", "charges", "shooting", "investigation", "victims",
    "witnesses", "neighborhood", "downtown", "valley", "beach", "freeway", "bridge",
]  # fmt: skip
STOP = [
    "the", "of", "and", "to", "a", "in", "that", "is", "for", "on", "with", "as", "was", "at",
    "by", "it", "from", "be", "an", "this", "are", "have",
]  # fmt: skip
FIRST = [
    "Maria", "James", "Ana", "Robert", "Linda", "Michael", "Karen", "David", "Susan", "Jose",
    "Patricia", "Daniel", "Grace", "Kevin", "Angela", "Thomas", "Laura", "Carlos", "Nancy",
    "Steven", "Lisa", "Brian", "Rosa", "Mark", "Helen", "Paul", "Diana", "Eric", "Sofia",
    "Jorge",
]  # fmt: skip
LAST = [
    "Garcia", "Smith", "Nguyen", "Johnson", "Lee", "Martinez", "Brown", "Kim", "Lopez", "Davis",
    "Chen", "Wilson", "Gonzalez", "Taylor", "Park", "Hernandez", "Moore", "Wong", "Perez",
    "Clark", "Rivera", "Lewis", "Ramirez", "Walker", "Torres", "Young", "Flores", "Hall",
    "Rodriguez", "Allen",
]  # fmt: skip
METHODS = ["spoken", "statement", "press_event", "social_post"]


def rare_words(rng, count):
    """Pseudo-words for the long tail of the vocabulary (names of places, jargon)."""
    syllables = ["ka", "ro", "vel", "zan", "mi", "tor", "len", "qua", "bri", "sol", "dex"]
    words = set()
    while len(words) < count:
        words.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return sorted(words)


class Text:
    """Zipf-distributed words: a few very common, a long tail of rare ones."""

    def __init__(self, rng):
        self.rng = rng
        self.words = COMMON + rare_words(rng, 3000)
        weights = [1 / (rank + 1) for rank in range(len(self.words))]
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def words_(self, k):
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def sentence(self, k):
        words = self.words_(k)
        # Every third word a function word, as in English prose.
        for i in range(1, k, 3):
            words[i] = self.rng.choice(STOP)
        return " ".join(words).capitalize() + "."

    def paragraph(self, k=50):
        """About k words, from a pool of ready sentences: drawing every word anew made
        text generation most of the build's time."""
        if not hasattr(self, "pool"):
            self.pool = [self.sentence(self.rng.randint(8, 20)) for _ in range(20_000)]
        sentences, left = [], k
        while left > 0:
            sentence = self.rng.choice(self.pool)
            sentences.append(sentence)
            left -= sentence.count(" ") + 1
        return " ".join(sentences)


def build(n, *, seed=15):
    """Fill an empty, migrated database with an archive of n stories."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils.text import slugify
    from taggit.models import Tag

    from elections.models import Candidacy, Contest, Division, Election, Office, Race
    from newsroom import search_index
    from sources.models import Source
    from stories.models import Author, Byline, Correction, Quote, Section, Story, TaggedStory

    rng = random.Random(seed)
    text = Text(rng)
    started = time.perf_counter()
    call_command("loaddata", "la_mayor_2022", verbosity=0)
    get_user_model().objects.create_superuser("bench", "bench@example.com", "bench")

    # The search index is filled once at the end: per-row triggers on 100,000 bulk
    # inserts (and again per tag) would take most of the build.
    if connection.vendor == "sqlite":
        search_index.drop_sqlite_triggers(connection)
    else:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE stories_story DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE stories_taggedstory DISABLE TRIGGER USER")

    with transaction.atomic():
        taken = set(Section.objects.values_list("slug", flat=True))
        Section.objects.bulk_create(
            Section(name=name, slug=slugify(name), position=i)
            for i, name in enumerate(SECTIONS)
            if slugify(name) not in taken
        )
        sections = list(Section.objects.values_list("id", flat=True))
        taken = set(Tag.objects.values_list("slug", flat=True))
        tag_names = []
        for word in COMMON + text.words[len(COMMON) :]:
            if len(tag_names) == 200:
                break
            if slugify(word) not in taken:
                tag_names.append(word.capitalize())
                taken.add(slugify(word))
        Tag.objects.bulk_create(Tag(name=name, slug=slugify(name)) for name in tag_names)
        tags = list(Tag.objects.filter(name__in=tag_names).values_list("id", flat=True))
        tag_weights = [1 / (rank + 1) for rank in range(len(tags))]
        Author.objects.bulk_create(
            Author(name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", slug=f"author-{i}")
            for i in range(500)
        )
        authors = list(Author.objects.values_list("id", flat=True))
        people = []
        for i in range(5000):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            people.append(
                Source(
                    name=f"{first} {last}",
                    sort_name=f"{last}, {first}",
                    slug=f"{slugify(first)}-{slugify(last)}-{i}",
                    title=text.sentence(4)[:-1],
                    bio=text.sentence(20),
                    confidential=rng.random() < 0.05,
                )
            )
        Source.objects.bulk_create(people, batch_size=1000)
        sources = list(Source.objects.values_list("id", "name", "confidential"))
        public_people = [(pk, name) for pk, name, confidential in sources if not confidential]

        divisions = Division.objects.bulk_create(
            Division(name=f"Bench city {i}", ocd_id=f"ocd-division/country:us/bench:{i}")
            for i in range(4)
        )
        offices = Office.objects.bulk_create(
            Office(name=f"Seat {i}", division=divisions[i % 4]) for i in range(40)
        )
        this_year = datetime.now(UTC).year
        elections = {}
        for division in divisions:
            for year in range(this_year - 9, this_year + 1):
                elections[division.pk, year] = Election(
                    name=f"{division.name} general {year}",
                    date=date(year, 11, 3),
                    division=division,
                    kind=Election.Kind.GENERAL,
                )
        Election.objects.bulk_create(elections.values())
        races = Race.objects.bulk_create(
            Race(
                office=office,
                cycle=year,
                title=f"{office.name}, {office.division.name}, {year}",
                slug=f"bench-seat-{office.pk}-{year}",
                dek=text.sentence(12),
                is_published=True,
            )
            for office in offices
            for year in range(this_year - 9, this_year + 1)
        )
        contests = Contest.objects.bulk_create(
            Contest(
                race=race,
                election=elections[race.office.division_id, race.cycle],
                slug=f"{race.slug}-general",
                stage=Contest.Stage.GENERAL,
            )
            for race in races
        )
        Candidacy.objects.bulk_create(
            Candidacy(contest=contest, source_id=pk, ballot_name=name, ballot_order=order)
            for contest in contests
            for order, (pk, name) in enumerate(rng.sample(public_people, 2))
        )
        race_ids = [race.pk for race in races]

    now = datetime.now(UTC)
    span = timedelta(days=3650)
    made = 0
    batch = 2000
    while made < n:
        count = min(batch, n - made)
        stories, quotes = [], []
        for i in range(made, made + count):
            roll = rng.random()
            if roll < 0.01:
                status, published_at = Story.Status.DRAFT, None
            elif roll < 0.012:
                status, published_at = Story.Status.PUBLISHED, now + timedelta(hours=i % 72 + 1)
            else:
                # Oldest first, so ids grow with publication time as in a real archive.
                published_at = now - span * (1 - i / n) - timedelta(seconds=rng.randint(0, 600))
                status = Story.Status.ARCHIVED if roll > 0.95 else Story.Status.PUBLISHED
            paragraphs = [text.paragraph() for _ in range(8)]
            quote = None
            if rng.random() < 0.47:
                pk, name = rng.choice(public_people)
                quote = (pk, text.sentence(12), name)
                paragraphs.insert(2, f"\u201c{quote[1]}\u201d said {name}.")
            headline = text.sentence(8)[:-1]
            stories.append(
                Story(
                    headline=headline,
                    slug=f"{slugify(headline)[:60]}-{i}",
                    dek=text.sentence(25),
                    body="".join(f"<p>{p}</p>" for p in paragraphs),
                    dateline="LOS ANGELES",
                    section_id=rng.choice(sections),
                    status=status,
                    published_at=published_at,
                )
            )
            quotes.append(quote)
        with transaction.atomic():
            Story.objects.bulk_create(stories)
            if connection.vendor == "sqlite" and stories[0].pk is None:
                raise SystemExit("bulk_create did not return ids")
            bylines, quote_rows, tagged, mentions, covered = [], [], [], [], []
            for story, quote in zip(stories, quotes, strict=True):
                for position, author in enumerate(
                    rng.sample(authors, 2 if rng.random() < 0.2 else 1)
                ):
                    bylines.append(Byline(story=story, author_id=author, position=position))
                chosen = set(rng.choices(tags, weights=tag_weights, k=rng.randint(0, 5)))
                # With the copy of its story's time the tag page reads (stories.listing_times).
                tagged.extend(
                    TaggedStory(content_object=story, tag_id=t, published_at=story.published_at)
                    for t in chosen
                )
                if quote:
                    pk, words, name = quote
                    quote_rows.append(
                        Quote(
                            story=story,
                            source_id=pk,
                            text=words,
                            method=rng.choice(METHODS),
                            attribution=f"said {name}",
                        )
                    )
                if rng.random() < 0.3:
                    for pk, _name in rng.sample(public_people, rng.randint(1, 2)):
                        mentions.append(Story.mentioned_sources.through(story=story, source_id=pk))
                if rng.random() < 0.05:
                    covered.append(Story.races.through(story=story, race_id=rng.choice(race_ids)))
            Byline.objects.bulk_create(bylines)
            Quote.objects.bulk_create(quote_rows)
            TaggedStory.objects.bulk_create(tagged)
            Story.mentioned_sources.through.objects.bulk_create(mentions)
            Story.races.through.objects.bulk_create(covered)
        made += count
        print(f"\r  {made:,} stories ({time.perf_counter() - started:.0f} s)", end="", flush=True)
    print()

    with transaction.atomic():
        published = list(
            Story.objects.filter(status=Story.Status.PUBLISHED, published_at__lte=now)
            .values_list("id", "published_at")
            .order_by("?")[:2000]
        )
        corrections = []
        for story_id, published_at in published:
            at = min(now, published_at + timedelta(hours=rng.randint(1, 240)))
            corrections.append(Correction(story_id=story_id, text=text.sentence(20), created_at=at))
        Correction.objects.bulk_create(corrections)
        for correction in corrections:
            Story.objects.filter(pk=correction.story_id).update(revised_at=correction.created_at)

    # Bulk inserts skip the workflow that keeps Source.public_since and the tags' and
    # authors' times: the set-based refreshes do it, planned with statistics of the tables
    # just filled (without them PostgreSQL took more than 7 minutes over one UPDATE).
    from stories.story_facts import refresh_story_facts

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    refresh_story_facts()
    print(f"  rows written in {time.perf_counter() - started:.0f} s; indexing for search")
    if connection.vendor == "sqlite":
        search_index.install(connection)  # refills the index and puts the triggers back
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE stories_story ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE stories_taggedstory ENABLE TRIGGER USER")
            cursor.execute("UPDATE stories_story SET search_vector = NULL")  # the trigger fills it
            cursor.execute("VACUUM ANALYZE")
    print(f"  built in {time.perf_counter() - started:.0f} s")
