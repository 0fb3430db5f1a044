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
from dataclasses import dataclass

VERBS = (
    "said|says|added|adds|responded|responds|replied|replies|told|tells|wrote|writes|"
    "explained|explains|asked|asks|continued|continues|noted|notes|stated|states|"
    "argued|argues|insisted|insists|declared|declares|recalled|recalls|warned|warns"
)
# A name word: capitalised, possibly an abbreviated title ("Rep.") or an initial ("J.").
_WORD = r"(?:[A-Z][\w'’\-]*\.?|[A-Z]\.)"
_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|de|van|von|der|la|del|da))*"
# Joint attributions join names with "and" only: a comma would swallow "On Tuesday, Caruso".
_NAMES = rf"{_NAME}(?:\s+and\s+{_NAME})*"

OPEN = '"“'
CLOSE = '"”'
QUOTE_RE = re.compile(r"[\"“]([^\"“”]+)[\"”]")
# After the quote: `said X[, description].` or `X said.`
AFTER_VERB_FIRST = re.compile(
    rf"^\s*(?P<verb>{VERBS})\s+(?P<speaker>{_NAMES})(?P<desc>,[^\"“]*?)?(?=\.(?:\s|$)|(?<!\.)$)"
)
AFTER_SPEAKER_FIRST = re.compile(rf"^\s*(?P<speaker>{_NAMES})\s+(?P<verb>{VERBS})(?=[.,]|\s*$)")
# Before the quote, within its sentence: `X said [up to six words] "…`
BEFORE = re.compile(
    rf"(?P<speaker>{_NAMES})\s+(?P<verb>{VERBS})\b(?P<gap>(?:\s+[\w'’,:-]+){{0,6}}?)[\s,:]*$"
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


def _sentence_start(text: str, end: int) -> int:
    """Index where the sentence containing position `end` starts."""
    for match in reversed(list(re.finditer(r"[.!?][\"”]?\s+", text[:end]))):
        if not _ABBREVIATIONS.search(text[: match.start() + 1]):
            return match.end()
    return 0


def find_quotes(paragraphs: list[str]) -> list[FoundQuote]:
    """Every attributed direct quote in `paragraphs`, in reading order."""
    found = []
    for paragraph in paragraphs:
        for match in QUOTE_RE.finditer(paragraph):
            quote = _attribute(paragraph, match)
            if quote:
                found.append(quote)
    return found


def _attribute(paragraph: str, match: re.Match) -> FoundQuote | None:
    text = match.group(1).strip()
    after = paragraph[match.end() :]
    sentence = paragraph[_sentence_start(paragraph, match.start()) : match.start()]
    statement = "statement" in paragraph[: match.start()].lower()
    for pattern in (AFTER_VERB_FIRST, AFTER_SPEAKER_FIRST):
        attributed = pattern.match(after)
        if attributed:
            attribution = attributed.group(0).strip()
            # The comma before a closing quote belongs to the sentence, not the words.
            return FoundQuote(
                text.removesuffix(","),
                attribution,
                speaker_names(attributed.group("speaker")),
                statement,
            )
    attributed = BEFORE.search(sentence)
    if attributed:
        attribution = f"{attributed.group('speaker')} {attributed.group('verb')}"
        return FoundQuote(text, attribution, speaker_names(attributed.group("speaker")), statement)
    return None
