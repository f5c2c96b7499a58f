"""Kazakh case endings: the one home of docgen's Kazakh suffixes.

Vowel harmony (back or front by the last vowel), the last sound (vowel, sonorant, voiceless),
a final у read as the glide [w] (Жетісуды, Атыраудың), and the 3rd-person possessive: a word
that already ends in the possessive -ы/-і/-сы/-сі (облыс әкімі, Кеңес мүшесі, Нұрланұлы,
Серікқызы) takes н before the case: әкіміне, мүшесін, Нұрланұлына, Серікқызының.
Dates (lang.py), names and positions (names.py) and numerals (the minutes) all use these.
"""

from __future__ import annotations

BACK_VOWELS = frozenset("аоұыуя")
FRONT_VOWELS = frozenset("әеөүіиэю")
_VOWELS = BACK_VOWELS | FRONT_VOWELS
_VOICELESS = frozenset("кқпстфхцчшщ")
_SONORANT = frozenset("лмнңрйуўжз")
_RUSSIAN_SUFFIX = ("ов", "ев", "ёв")
_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы")
CASES = ("genitive", "dative", "accusative")
_GENITIVE = ("ның", "нің", "дың", "дің", "тың", "тің")


def is_back(word: str) -> bool:
    """True when the last vowel of a Kazakh word is a back (hard) vowel.

    A Russian-origin surname in -ов/-ев/-ёв follows its stem's last vowel: the suffix's vowel
    is not a Kazakh-harmony vowel (Тоқаев → Тоқаевқа, Тоқаевты; Жұмабеков → Жұмабековке).
    """
    low = word.lower()
    if low.endswith(_RUSSIAN_SUFFIX) and any(letter in _VOWELS for letter in low[:-2]):
        return is_back(low[:-2])
    for letter in reversed(low):
        if letter in BACK_VOWELS:
            return True
        if letter in FRONT_VOWELS:
            return False
    return True


def is_possessive(phrase: str) -> bool:
    """Whether the phrase's last word carries the 3rd-person possessive ending.

    -сы/-сі (after a vowel: мүшесі, қаласы), a patronymic in -ұлы/-қызы, or -ы/-і closing a
    phrase of two or more words (облыс әкімі, университет ректоры). A single word in -ы/-і
    is a stem (Алматы → Алматыға).
    """
    head, _, last = phrase.strip().rpartition(" ")
    low = last.lower()
    if low.endswith(_PATRONYMIC) or (low.endswith(("сы", "сі")) and len(low) > 3):
        return True
    if low.endswith(("шы", "ші")):  # the agent suffix: хатшы, басшы, қызметші (a stem)
        return head.lower().endswith(_GENITIVE)
    return bool(head) and low[-1:] in ("ы", "і") and len(low) > 2


def _glide(word: str) -> bool:
    """A final у after a vowel or at a word's end is the glide [w]: Жетісу, Атырау."""
    return word[-1:].lower() == "у" and len(word) > 1


def locative(word: str) -> str:
    """Locative (-да/-де, -та/-те after a voiceless consonant): сәуір → сәуірде."""
    back = is_back(word)
    if word[-1].lower() in _VOICELESS:
        return word + ("та" if back else "те")
    return word + ("да" if back else "де")


def locative_attributive(word: str) -> str:
    """Locative followed by -ғы/-гі ("which is on/in"): сәуір → сәуірдегі, қазан → қазандағы."""
    located = locative(word)
    return located + ("ғы" if is_back(located) else "гі")


def genitive(word: str) -> str:
    """Genitive (ілік септік): Астананың, Шымкенттің, Жетісудың, әкімінің."""
    back = is_back(word)
    if is_possessive(word):
        return word + ("ның" if back else "нің")
    last = word[-1].lower()
    if _glide(word):
        stem = "д"
    elif last in _VOWELS or last in "мнң":
        stem = "н"
    elif last in "лруйжз":
        stem = "д"
    else:
        stem = "т"
    return word + stem + ("ың" if back else "ің")


def dative(word: str) -> str:
    """Dative (барыс септік): Астанаға, Шымкентке, Жетісуға, облыс әкіміне, Нұрланұлына.

    After a possessive -на/-не; after a vowel or a voiced sonorant -ға/-ге; after other
    consonants (б, в, г, д at a word's end sound voiceless) -қа/-ке.
    """
    back = is_back(word)
    if is_possessive(word):
        return word + ("на" if back else "не")
    if word[-1].lower() in _VOWELS or word[-1].lower() in _SONORANT:
        return word + ("ға" if back else "ге")
    return word + ("қа" if back else "ке")


def accusative(word: str) -> str:
    """Accusative (табыс септік): Астананы, Ахметовті, Мусинді, Жетісуды, ректорын."""
    back = is_back(word)
    if is_possessive(word):
        return word + "н"
    if _glide(word) or word[-1].lower() in _SONORANT:
        return word + ("ды" if back else "ді")
    if word[-1].lower() in _VOWELS:
        return word + ("ны" if back else "ні")
    return word + ("ты" if back else "ті")


_CASE = {"genitive": genitive, "dative": dative, "accusative": accusative}
_WRITTEN_DATIVE = ("ға", "ге", "қа", "ке", "сына", "сіне", "іне", "ына")


def case(phrase: str, name: str) -> str:
    """``phrase`` in the case ``name`` (nominative, genitive, dative, accusative); the
    suffix goes on the last word. A phrase of several words written in the dative already
    ("… әкіміне") is kept."""
    if name == "nominative" or not phrase:
        return phrase
    if name == "dative" and " " in phrase.strip() and phrase.lower().endswith(_WRITTEN_DATIVE):
        return phrase
    return _CASE[name](phrase)


# --- numerals with the possessive: "352-сі", "29-ы" ------------------------------------

_UNITS = ["", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз"]
_TENS = ["", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан"]


def _last_word(n: int) -> str:
    if n == 0:
        return "нөл"
    if n % 10:
        return _UNITS[n % 10]
    if n % 100:
        return _TENS[(n % 100) // 10]
    if n % 1000:
        return "жүз"
    if n % 1_000_000:
        return "мың"
    return "миллион"


def numeral_possessive(n: int) -> str:
    """"352-сі", "29-ы", "21-і": a numeral with the 3rd-person possessive suffix, by the last
    word of the number read aloud."""
    word = _last_word(n)
    # by the last vowel proper (елу → 50-і: the glide у does not count)
    vowel = "ы" if is_back(word.rstrip("у")) else "і"
    ends_open = word[-1] in _VOWELS and word[-1] != "у"
    return f"{n}-{'с' if ends_open else ''}{vowel}"


KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_ALPHABET_INDEX = {ch: n for n, ch in enumerate(KAZAKH_ALPHABET)}


def alphabetical(text: str) -> tuple[int, ...]:
    """A sort key in the Kazakh alphabet's order (Ә after А, Ы before І, Ұ Ү after У);
    a space before every letter, other characters after them."""
    return tuple(-1 if ch == " " else _ALPHABET_INDEX.get(ch, len(KAZAKH_ALPHABET) + ord(ch))
                 for ch in text.lower())
