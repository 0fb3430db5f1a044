"""The plain-text article format the seed arrived in.

Headline on the first line

The dek: the next paragraph.

LOS ANGELES (KABC) -- The first body paragraph, opening with an optional dateline.

More body paragraphs, separated by blank lines, kept verbatim.
"""

import hashlib
import html
import re

from .base import BadInput, ParsedStory
from .quotes import find_quotes

# "LOS ANGELES (KABC) -- ", "WASHINGTON — ", "(AP) — ", "SAN DIEGO, Calif. (AP) -- "
DATELINE_RE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*(?:, [A-Z][a-z]+\.?)?)?"
    r"\s*(?:\((?P<credit>[^()\n]{1,100})\))?\s*(?:--|—|–)\s+"
)


def decode(data: bytes, label: str) -> str:
    """UTF-8 text from `data`, or a BadInput naming the line of the first bad byte."""
    if not data.strip():
        raise BadInput(label, "the file is empty")
    if b"\x00" in data[:8192]:
        raise BadInput(label, "binary content, not a text or JSON file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BadInput(
            label, f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)", line=line
        ) from None


def paragraphs_with_lines(lines: list[str], first_line: int) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs, each with the line number it starts on."""
    paragraphs: list[tuple[int, str]] = []
    current: list[str] = []
    start = first_line
    for number, line in enumerate(lines, start=first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            paragraphs.append((start, "\n".join(current)))
            current = []
    if current:
        paragraphs.append((start, "\n".join(current)))
    return paragraphs


def parse_text(text: str, *, label: str, key: str, checksum_salt: str = "") -> ParsedStory:
    """Parse one plain-text article; `key` is its import identity."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    headline = lines[0].strip()
    if not headline:
        raise BadInput(label, "no headline: the first line is blank", line=1)
    paragraphs = paragraphs_with_lines(lines[1:], first_line=2)
    dek = paragraphs[0][1] if paragraphs else ""
    body = [p for _, p in paragraphs[1:]]
    dateline = credit = ""
    dateline_line = None
    if body:
        match = DATELINE_RE.match(body[0])
        if match and (match.group("place") or match.group("credit")):
            dateline = (match.group("place") or "").strip()
            credit = (match.group("credit") or "").strip()
            body[0] = body[0][match.end() :]
            dateline_line = paragraphs[1][0]
    checksum = hashlib.sha256((checksum_salt + text).encode()).hexdigest()
    return ParsedStory(
        label=label,
        key=key,
        checksum=checksum,
        headline=headline,
        headline_line=1,
        dek=dek,
        # Paragraphs are plain text: escape them so "<" in copy stays text, not markup.
        body="\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in body),
        dateline=dateline,
        credit=credit,
        dateline_line=dateline_line,
        quotes=find_quotes(body),
        finds_quotes=True,
    )
