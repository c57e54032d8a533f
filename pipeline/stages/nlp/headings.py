"""Title-cased headings read in sentence case by the English model.

News headlines are often written in Title Case ("Cocaine Found In Cargo At
Tema Port"). A model trained on running text reads every capitalised word
there as part of a name: "Cocaine Found" becomes an organization, "Drugs
Worth" a person. Before the model runs, a heading in Title Case is lowered
word by word to sentence case, except the words that are names: its first
word, acronyms and words with inner capitals or digits, places the gazetteer
knows ("New Zealand", "Tema"), and the words the item's body writes with a
capital in mid-sentence ("Kyrgyz Customs Stop a Large Heroin Shipment" keeps
"Kyrgyz Customs" when the body says so). The
recased text has the same length as the original, so the annotations are
put back on the original words unchanged.

Written by hand: no library reads news headings in title case.
"""

from __future__ import annotations

import re

# Words a title-cased heading leaves lower-case, or capitalises without meaning a name.
_MINOR = frozenset(
    {
        *("a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on"),
        *("onto", "or", "over", "per", "the", "to", "up", "via", "with", "vs", "after", "amid"),
        *("among", "before", "between", "during", "off", "out", "than", "through", "under"),
        "upon",
    }
)
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "to"})  # "Workshop in Tbilisi"
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_]+)?")
_SENTENCE_START = re.compile(r"(?:^|[.!?…]\s+|[\n\"«“(]\s*)$")
_TITLE_SHARE = 0.75  # of the content words capitalised: the heading is in Title Case
_MIN_CONTENT_WORDS = 3


def is_title_case(heading: str) -> bool:
    """True when most content words of `heading` start with a capital letter."""
    words = [w for w in _WORD.findall(heading) if w.lower() not in _MINOR]
    if len(words) < _MIN_CONTENT_WORDS:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= _TITLE_SHARE


def names_in(body: str) -> frozenset[str]:
    """Words the body writes with a capital where a sentence does not start."""
    found = set()
    for match in _WORD.finditer(body):
        word = match.group()
        if word[0].isupper() and not _SENTENCE_START.search(body[: match.start()]):
            found.add(word)
    return frozenset(found)


def sentence_case(text: str, heading_end: int) -> str:
    """`text` with its heading (`text[:heading_end]`) lowered to sentence case when the
    heading is in Title Case; the text itself otherwise. Same length either way."""
    heading = text[:heading_end]
    if not heading or not is_title_case(heading):
        return text
    body = text[heading_end:]
    names = names_in(body)
    words = list(_WORD.finditer(heading))
    places = _place_words(heading, words, body)
    pieces: list[str] = []
    last = 0
    for n, match in enumerate(words):
        word = match.group()
        if n == 0 or n in places or not _lowerable(word) or word in names:
            continue
        pieces += [heading[last : match.start()], word.lower()]
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _place_words(heading: str, words: list[re.Match[str]], body: str) -> set[int]:
    """Positions of the words of runs of up to three capitalised words naming a place.

    A lone word naming only a city counts when the body names it too, or after a
    preposition of place ("Workshop in Tbilisi"): many small towns share their name
    with a common word ("Than", "Police").
    """
    from pipeline.stages.gazetteer import lookup

    kept: set[int] = set()
    for start in range(len(words)):
        for size in (3, 2, 1):
            run = words[start : start + size]
            if len(run) < size or not all(m.group()[0].isupper() for m in run):
                continue
            name = heading[run[0].start() : run[-1].end()]
            place = lookup(name, "en")
            if place is None:
                continue
            if size == 1 and place.kind == "city" and name not in body:
                before = words[start - 1].group().lower() if start > 0 else ""
                if before not in _PLACE_PREPOSITIONS:
                    continue
            kept.update(range(start, start + size))
            break
    return kept


def _lowerable(word: str) -> bool:
    """A capitalised word that lowering would not turn from a name into a word."""
    rest = word[1:]
    return (
        word[0].isupper()
        and rest == rest.lower()
        and not any(ch.isdigit() for ch in word)
        and len(word.lower()) == len(word)
    )
