"""The attribution shapes newswriting uses, found in plain text."""

import pytest

from stories.importers.quotes import find_quotes


@pytest.mark.parametrize(
    ("paragraph", "text", "attribution", "speakers"),
    [
        ('"We won," said Caruso.', "We won", "said Caruso", ["Caruso"]),
        ('"We won," Caruso said.', "We won", "Caruso said", ["Caruso"]),
        ("“We won,” said Mayor Karen Bass.", "We won", "said Mayor Karen Bass", ["Karen Bass"]),
        (
            '"Hate is everywhere," said Rabbi Marvin Hier, the founder of the center. Then more.',
            "Hate is everywhere",
            "said Rabbi Marvin Hier, the founder of the center",
            ["Marvin Hier"],
        ),
        ('Caruso responded "We break it."', "We break it.", "Caruso responded", ["Caruso"]),
        (
            'Biden and Vice President Harris said they\'re "eager to help."',
            "eager to help.",
            "Biden and Vice President Harris said",
            ["Biden", "Harris"],
        ),
        ('"Yes," said Sen. Alex Padilla.', "Yes", "said Sen. Alex Padilla", ["Alex Padilla"]),
    ],
)
def test_attributed_quotes_are_found(paragraph, text, attribution, speakers):
    (quote,) = find_quotes([paragraph])
    assert (quote.text, quote.attribution, quote.speakers) == (text, attribution, speakers)


@pytest.mark.parametrize(
    "paragraph",
    [
        'The so-called "mansion tax" passed on Tuesday.',
        'Caruso visited the "Museum of Tolerance" on Tuesday.',
        "In a statement, Bass said if elected, she's excited.",
    ],
)
def test_unattributed_quotation_marks_and_paraphrases_are_not_quotes(paragraph):
    assert find_quotes([paragraph]) == []


def test_a_quote_after_a_statement_is_marked_as_one():
    (quote,) = find_quotes(['In a statement, Mayor Bass said "We are ready."'])
    assert quote.statement
