"""A readability check for Easy Read pages: sentence length, word length and long words,
measured on the text a person reads in the page's <main>.

The thresholds (stated again in translations/README.md, "Easy Read"):

- the average sentence is at most 8 words long (MAX_AVERAGE_SENTENCE_WORDS);
- no sentence is longer than 15 words (MAX_SENTENCE_WORDS);
- the average word is at most 4.5 letters long (MAX_AVERAGE_WORD_LETTERS);
- at most 3% of words have more than 3 syllables (MAX_LONG_WORD_SHARE).

Mencap's and the Department of Health's Easy Read guidance asks for short sentences, one idea
each, in everyday words; plain-English guidance puts an average of 15-20 words a sentence as
readable for the general public, so Easy Read sits well below that. The portal's standard
pages do not meet these thresholds (a test shows it), which is what makes the check mean
something.

A sentence ends at . ! ? or : or at the end of a block (heading, paragraph, list item, link or
button), because each line of an Easy Read page is one idea. Data shown left to right (phone
numbers, email addresses, codes: `[dir=ltr]`) is left out: it is not words to read. Syllables
are counted with the usual English heuristic (groups of vowels, less a silent final e), which
is close enough for words of everyday English; the check is for the English source text."""

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup

MAX_AVERAGE_SENTENCE_WORDS = 8.0
MAX_SENTENCE_WORDS = 15
MAX_AVERAGE_WORD_LETTERS = 4.5
MAX_LONG_WORD_SHARE = 0.03
LONG_WORD_SYLLABLES = 3  # a long word has more than this many syllables

BLOCKS = "h1, h2, h3, p, li, a.govuk-button, .govuk-warning-text__text"
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


@dataclass(frozen=True)
class Readability:
    sentences: list[list[str]]

    @property
    def words(self) -> list[str]:
        return [word for sentence in self.sentences for word in sentence]

    @property
    def average_sentence_words(self) -> float:
        return len(self.words) / len(self.sentences)

    @property
    def longest_sentence(self) -> list[str]:
        return max(self.sentences, key=len)

    @property
    def average_word_letters(self) -> float:
        return sum(letters(word) for word in self.words) / len(self.words)

    @property
    def long_words(self) -> list[str]:
        return [word for word in self.words if syllables(word) > LONG_WORD_SYLLABLES]

    @property
    def long_word_share(self) -> float:
        return len(self.long_words) / len(self.words)

    def problems(self) -> list[str]:
        """Each threshold broken, said in words; empty when the text passes."""
        found = []
        if self.average_sentence_words > MAX_AVERAGE_SENTENCE_WORDS:
            found.append(
                f"average sentence {self.average_sentence_words:.1f} words (at most {MAX_AVERAGE_SENTENCE_WORDS})"
            )
        if len(self.longest_sentence) > MAX_SENTENCE_WORDS:
            found.append(
                f"a sentence of {len(self.longest_sentence)} words (at most {MAX_SENTENCE_WORDS}): "
                + " ".join(self.longest_sentence)
            )
        if self.average_word_letters > MAX_AVERAGE_WORD_LETTERS:
            found.append(f"average word {self.average_word_letters:.2f} letters (at most {MAX_AVERAGE_WORD_LETTERS})")
        if self.long_word_share > MAX_LONG_WORD_SHARE:
            found.append(
                f"{self.long_word_share:.0%} of words have more than {LONG_WORD_SYLLABLES} syllables "
                f"(at most {MAX_LONG_WORD_SHARE:.0%}): {sorted(set(self.long_words))}"
            )
        return found


def letters(word: str) -> int:
    return sum(1 for char in word if char.isalpha())


def syllables(word: str) -> int:
    """English syllables, by the vowel-group heuristic; each part of a hyphenated word counts."""
    total = 0
    for part in re.split(r"[-’']", word.lower()):
        part = re.sub(r"[^a-z]", "", part)
        if not part:
            continue
        count = len(re.findall(r"[aeiouy]+", part))
        if part.endswith("e") and not part.endswith(("le", "ee", "ye")) and count > 1:
            count -= 1
        if re.search(r"[^aeiouy]ed$", part) and not part.endswith(("ted", "ded")) and count > 1:
            count -= 1
        total += max(count, 1)
    return total


def sentences_of(text: str) -> list[list[str]]:
    found = []
    for piece in SENTENCE_END.split(text):
        words = WORD.findall(piece)
        if words:
            found.append(words)
    return found


def measure_text(text: str) -> Readability:
    return Readability(sentences_of(text))


def measure_page(html: str) -> Readability:
    """The readability of what is read in a page's <main>, block by block."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    assert main is not None, "the page has no <main>"
    for tag in main.select("[dir=ltr], script, style, .govuk-visually-hidden"):
        tag.decompose()
    found: list[list[str]] = []
    for block in main.select(BLOCKS):
        if block.find(BLOCKS.split(", ")):  # a block holding blocks is measured through them
            continue
        found.extend(sentences_of(block.get_text(" ", strip=True)))
    assert found, "no text to measure"
    return Readability(found)
