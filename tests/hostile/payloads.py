"""What an attacker, a confused editor or a broken feed types: one list for every suite."""

TEXT = {
    "empty": "",
    "blank": "   \t ",
    "nul": "a\x00b",
    "control": "\x01\x07\x1b[31mred",
    "rtl-override": "\u202egpj.exe",
    "zero-width": "\u200b\u200d\ufeff",
    "emoji": "🗳️👩🏽‍⚖️",
    "cjk": "東京都知事選",
    "zalgo": "Z̸̧̛̗a̴l̶g̵o̵",
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "template": "{{ 7|add:7 }}{% debug %}",
    "sql": "'; DROP TABLE stories_story; --",
    "format": "%s%n{0}{}",
    "crlf": "a\r\nSet-Cookie: x=1",
    "path": "../../../etc/passwd",
    "long-1k": "x" * 1_000,
    "long-200k": "y" * 200_000,
    "deep-html": "<div>" * 5_000,
}

# What a URL path segment or query parameter may carry (no NUL: test clients send it as-is).
PARAMETERS = {
    "empty": "",
    "nul": "\x00",
    "percent-nul": "%00",
    "huge-number": "9" * 30,
    "negative": "-1",
    "float": "1.5",
    "hex": "0x10",
    "inf": "inf",
    "nan": "NaN",
    "script": "<script>alert(1)</script>",
    "sql": "' OR 1=1 --",
    "unicode": "東京",
    "long": "z" * 5_000,
    "traversal": "../../etc/passwd",
    "array": "[]",
}
