"""Find direct quotes and who said them in plain-text paragraphs.

Newswriting attributes a quote in a handful of shapes, and this module knows those:

    "…," said Caruso.                        (verb first, after the quote)
    "…," said Rabbi Marvin Hier, the founder of the Simon Wiesenthal Center.
    "…," Caruso said.                        (speaker first, after the quote)
    Caruso responded "…"                     (before the quote, same sentence)
    President Biden and Vice President Harris said they're "…"   (a joint quote)

Quotes nobody is credited with (scare quotes, titles) are left alone. Paraphrases
("Bass said if elected, …") are not quotes and are not found.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

VERBS = (
    "said|says|added|adds|responded|responds|replied|replies|told|tells|wrote|writes|"
    "explained|explains|asked|asks|continued|continues|noted|notes|stated|states|"
    "argued|argues|insisted|insists|declared|declares|recalled|recalls|warned|warns"
)
# A name word: capitalised, possibly an abbreviated title ("Rep.") or an initial ("J.").
# One way to match each word: two overlapping alternatives made "A. A. A. …" exponential.
_WORD = r"[A-Z][\w'’\-]*\.?"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|de|van|von|der|la|del|da))*"
# Joint attributions join names with "and" only: a comma would swallow "On Tuesday, Caruso".
_NAMES = rf"{_NAME}(?:\s+and\s+{_NAME})*"

OPEN = '"“'
CLOSE = '"”'
QUOTE_RE = re.compile(r"[\"“]([^\"“”]+)[\"”]")
# After the quote: `said X[, description].` or `X said.` Matched at the quote's end with
# Pattern.match(paragraph, pos), so the paragraph is never copied per quote.
AFTER_VERB_FIRST = re.compile(
    rf"\s*(?P<verb>{VERBS})\s+(?P<speaker>{_NAMES})(?P<desc>,[^\"“]*?)?(?=\.(?:\s|$)|(?<!\.)$)"
)
AFTER_SPEAKER_FIRST = re.compile(rf"\s*(?P<speaker>{_NAMES})\s+(?P<verb>{VERBS})(?=[.,]|\s*$)")
# Before the quote, within its sentence: `X said [up to six words] "…`, looked for only in
# the last ATTRIBUTION_WINDOW characters: a sentence of a thousand quotes would otherwise be
# searched again from its start for each of them (600 quotes took 20 s).
ATTRIBUTION_WINDOW = 200
BEFORE = re.compile(
    # Never from inside a word, where the window may begin.
    rf"(?<![\w'’\-])(?P<speaker>{_NAMES})\s+(?P<verb>{VERBS})\b(?P<gap>(?:\s+[\w'’,:-]+){{0,6}}?)[\s,:]*$"
)

# Words that describe a speaker rather than name them.
TITLES = {
    "president", "vice", "rep.", "rep", "representative", "sen.", "sen", "senator",
    "gov.", "gov", "governor", "mayor", "councilmember", "councilman", "councilwoman",
    "congresswoman", "congressman", "rabbi", "rev.", "reverend", "father", "pastor",
    "dr.", "dr", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "judge", "justice", "chief",
    "sheriff", "officer", "sgt.", "lt.", "capt.", "supervisor", "superintendent",
    "assemblymember", "assemblyman", "assemblywoman", "attorney", "general", "secretary",
    "state", "city", "county", "district", "candidate", "businessman", "businesswoman",
    "developer", "professor", "prof.", "coach", "director", "commissioner", "speaker",
}  # fmt: skip
# Abbreviations whose period does not end a sentence.
_ABBREVIATIONS = re.compile(
    r"\b(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Rev|Sgt|Lt|Capt|Prof|St|Jr|Sr|Gen|Col|Mt|No|[A-Z])\.$"
)
_LONGEST_ABBREVIATION = len("Capt.")
_SENTENCE_END = re.compile(r"[.!?][\"”]?\s+")
_STATEMENT = re.compile("statement", re.IGNORECASE)


@dataclass
class FoundQuote:
    text: str
    attribution: str
    speakers: list[str]  # names as printed, titles removed: ["Biden", "Harris"]
    statement: bool = False  # attributed to a written statement


def speaker_names(speakers: str) -> list[str]:
    """Split a joint attribution and drop titles: 'President Biden and VP Harris' → names."""
    names = []
    for part in re.split(r"\s+and\s+", speakers):
        words = part.split()
        while len(words) > 1 and words[0].lower() in TITLES:
            words.pop(0)
        if words and words[0].lower() not in TITLES:
            names.append(" ".join(words))
    return names


def _sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` starts, in order: one pass over the paragraph."""
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        period = match.start() + 1
        if not _ABBREVIATIONS.search(text, max(0, period - _LONGEST_ABBREVIATION - 1), period):
            starts.append(match.end())
    return starts


def find_quotes(paragraphs: list[str]) -> list[FoundQuote]:
    """Every attributed direct quote in `paragraphs`, in reading order.

    Linear in the length of the text: sentence starts and the first "statement" are found
    once per paragraph, and each quote's attribution is matched in place, within a window.
    """
    found = []
    for paragraph in paragraphs:
        starts = _sentence_starts(paragraph)
        statement_at = _STATEMENT.search(paragraph)
        for match in QUOTE_RE.finditer(paragraph):
            sentence_start = starts[bisect_right(starts, match.start()) - 1]
            statement = statement_at is not None and statement_at.end() <= match.start()
            quote = _attribute(paragraph, match, sentence_start, statement)
            if quote:
                found.append(quote)
    return found


def _attribute(
    paragraph: str, match: re.Match, sentence_start: int, statement: bool
) -> FoundQuote | None:
    text = match.group(1).strip()
    for pattern in (AFTER_VERB_FIRST, AFTER_SPEAKER_FIRST):
        attributed = pattern.match(paragraph, match.end())
        if attributed:
            attribution = attributed.group(0).strip()
            # The comma before a closing quote belongs to the sentence, not the words.
            return FoundQuote(
                text.removesuffix(","),
                attribution,
                speaker_names(attributed.group("speaker")),
                statement,
            )
    window_start = max(sentence_start, match.start() - ATTRIBUTION_WINDOW)
    attributed = BEFORE.search(paragraph, window_start, match.start())
    if attributed:
        attribution = f"{attributed.group('speaker')} {attributed.group('verb')}"
        return FoundQuote(text, attribution, speaker_names(attributed.group("speaker")), statement)
    return None
