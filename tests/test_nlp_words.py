"""`pipeline.stages.nlp.words`: a doc's words as lists, the same as spaCy's tokens say."""

from __future__ import annotations

import gc

import pytest
from spacy.language import Language
from spacy.tokens import Token

from pipeline.stages.nlp import words as words_module
from pipeline.stages.nlp.annotate import model
from pipeline.stages.nlp.lexicon import word_key
from pipeline.stages.nlp.words import HEADING_KEY, NOT_NAME_TAGS, first_line, words

TEXT = (
    "Customs Officers Seize Drugs At Tema Port\n"
    "On 3 May the Ghana Revenue Authority (GRA) said that\u00a0officers of the WCO "
    "found 12 kg of cocaine.  Mr. K.Mensah, Commissioner-General, thanked them."
)


def is_capitalised(token: Token) -> bool:
    """`words.is_capitalised`'s definition, from the token's own attributes."""
    heading = token.doc.user_data.get(HEADING_KEY)
    lowered = heading is not None and token.idx < len(heading) and heading[token.idx].islower()
    return (
        (token.text[:1].isupper() or token.is_title or token.is_upper)
        and any(c.isalpha() for c in token.text)
        and not token.tag_.startswith(NOT_NAME_TAGS)
        and not lowered
    )


@pytest.fixture(scope="module")
def nlp() -> Language:
    return model("en")


def test_lists_are_what_the_tokens_say(nlp: Language) -> None:
    doc = nlp(TEXT)
    seen = words(doc)
    assert seen.text == [t.text for t in doc]
    assert seen.lower == [t.lower_ for t in doc]
    assert seen.spaced == [bool(t.whitespace_) for t in doc]
    assert seen.title == [t.is_title for t in doc]
    assert seen.capitalised == [is_capitalised(t) for t in doc]
    assert seen.keys("en") == [word_key(t.text, "en") for t in doc]
    assert seen.doc_text == doc.text
    assert first_line(seen) == TEXT[: TEXT.index("\n")]
    assert words(doc) is seen  # read once per doc


def test_capitalised_follows_the_heading_mark(nlp: Language) -> None:
    """The rules mark a Title Case heading after the lists may have been read."""
    doc = nlp(TEXT)
    before = list(words(doc).capitalised)
    heading = TEXT[: TEXT.index("\n")]
    doc.user_data[HEADING_KEY] = heading[:8] + heading[8:].lower()
    after = words(doc).capitalised
    assert after == [is_capitalised(t) for t in doc]
    assert after != before  # "Seize", "Drugs" ... no longer count as capitalised
    del doc.user_data[HEADING_KEY]
    assert words(doc).capitalised == before


def test_no_line_break_no_first_line(nlp: Language) -> None:
    assert first_line(words(nlp("One line, no break."))) == ""


def test_lists_live_as_long_as_their_doc(nlp: Language) -> None:
    gc.collect()
    before = len(words_module._known)
    doc = nlp("Kept while the doc lives.")
    words(doc)
    assert len(words_module._known) == before + 1
    del doc
    gc.collect()
    assert len(words_module._known) == before
