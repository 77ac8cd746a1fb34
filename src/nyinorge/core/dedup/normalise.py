"""Names in any script and romanisation to comparable tokens; birth dates with their precision.

Pure Python (stdlib only): the web process imports it at registration time.

Rules (version `NORMALISATION_VERSION`; the artefact records it, and a model trained under other rules refuses
to load, because the blocking keys and the comparison levels are computed from these tokens):

1. **Script.** Arabic script (with the Persian, Pashto and Urdu letters: پ چ ژ گ ک ی ټ ډ ړ ږ ښ ځ څ ګ ڼ ې ۍ),
   Ethiopic (Tigrinya/Amharic fidel) and Cyrillic (Ukrainian, Russian) are transliterated letter by letter to
   Latin. The original is never replaced: the registry keeps what was entered; only these comparison forms are
   derived. Arabic script writes no short vowels, so "محمد" gives "mhmd": it meets the Latin "Mohammed" through
   the Mohammed rule and the consonant skeleton (rule 5). The article "ال" written joined to the word and the
   "عبد" compounds are split as the romanisations split them. Ethiopic syllables are read from their Unicode
   names (consonant + order); the first order (ä) is written "e" and the sixth (ə) is dropped, as Eritrean names
   are romanised (ተስፋይ → Tesfay, ሃይለ → Hayle); see the Wiktionary Ethiopic transliteration table and the
   Unicode Ethiopic block.
2. **Latin folding.** NFKD, combining marks dropped (é → e, ā → a, ṣ → s), lower case; apostrophes and the
   ʿayn/hamza signs (ʿ ʾ ' ` ’) dropped, since romanisations mostly omit them; every other non-letter splits tokens.
3. **Tokens** (within one field, given or family): Arabic articles written apart (al-, el-, ul-, ad-, ar-, as-,
   at-, az-, ash-, ed-, er-, es-, et-, ez-) are dropped, and so is al-/el- written joined to a name of four letters
   or more (Alkhatib, Elamin; not Alexander, Ali..., Albert, Elizabeth); "Abd al-X", "Abdul X", "Abdel X", "Abd-ur-X" are joined
   into one token; "Nur al-Din", "Nour Eddine" are joined likewise, as are "Nasr Allah"/"Nasrullah".
4. **Canonical romanisation of a token**, in order (the conventions differ by where and by whom a name was written
   down: English/French colonial spellings, Persian "e/o" for Arabic "i/u", Somali Latin orthography of 1972):
   - Mohammed: Mohammed, Muhammad, Mohamad, Mohamed, Muhammed, Mohd, Mhd, Maxamed, "محمد" → "muhamad";
   - Somali orthography: x → h (Xasan = Hassan, Maxamed), c (ʿayn: Cabdi = Abdi, Jaamac = Jama) dropped —
     except in ch and ck; French names lose their c as well, consistently on both sides of a pair; dh → d;
   - q → k, ph → f, dj → j (Djamal), v → w (Dari Vahid = Wahid);
   - "ee" → i (Saeed, Ameer), "ou"/"oo" → u (Mahmoud, Yousef), y after the first letter → i (Hayle = Haile,
     Husayn, Maryam = Mariam, -zay = -zai), doubled letters collapsed (Hassan = Hasan, Abdullaahi, Somali long
     vowels aa/ii/uu), o → u (Omar = Umar, Osman = Usman), ei → ai (Hussein = Husain), e → a except at the end
     (Ahmed = Ahmad); at the end: -ah → -a (Fatimah), -eh → -e (Fatemeh), -aie → -ai (Tesfaye = Tesfay), -i after
     a consonant → -e (Tigrinya Berhani = Berhane);
   - Abdullah, Abdallah, Abdullahi, Cabdullaahi, "عبد الله" → "abdula"; other "abd" compounds lose their linking vowel and article (Abdirahman, Abdulrahman, Abdurrahman, Abd al-Rahman,
     Cabdiraxmaan → "abdrahman"); "-ullah/-ollah/-allah" → "-ula" (Nasrullah = Nasrollah); "-uddin/-eddine" →
     "-din".
5. **Skeleton** (the phonetic key of a token): the canonical token with kh → h, gh → g, sh/th/ts/z → s, dh → d,
   w between vowels dropped, the diphthong ai → y (so Hussein "hsyn" stays apart from Hassan "hsn"), then every vowel (a e i o u y) dropped and doubles collapsed: Hamed = Hamid = "hmd",
   Cabdicasiis = Abdulaziz. It is deliberately coarse: it blocks and gives a weaker "phonetic" level; the
   canonical token gives the strong level.
6. **Order.** Tokens are sorted, so swapped given/family names and names split differently compare equal at the
   "swapped" level; the given/family order is kept for the stronger "exact" level.

Birth dates: 1 January and 1 July are the dates registries assign when only the year (or the half-year) is known,
so a date on them is *partial*: equal partial dates are weaker evidence than equal full dates, and a partial date
agrees with any date of its year.

Sources: the Somali Latin alphabet (c = ʿayn, x = ḥ, dh, doubled long vowels; "-ay and -ey interchangeable");
the Library of Congress (ALA-LC) and Encyclopaedia of Islam romanisations (dj for j, Abd al- compounds); the
Saudi/UAE symposia on Arabic name romanisation (Mohammed/Muhammad/Mohamed, Abdulrahman/Abdel Rehman,
Othman/Osman/Usman, Jamal/Gamal/Djamal); the Wiktionary Ethiopic transliteration table.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

NORMALISATION_VERSION = "1"

# --- 1. scripts -------------------------------------------------------------------------------------------------

_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z",
    "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q",
    "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "ى": "a",
    # Persian, Pashto, Urdu
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh",
    "ځ": "dz", "څ": "ts", "ګ": "g", "ڼ": "n", "ې": "e", "ۍ": "ai", "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n",
    "ھ": "h", "ہ": "h", "ۀ": "a", "ے": "e",
    # short-vowel signs (rarely written); shadda and sukun carry no letter
    "\u064e": "a", "\u0650": "i", "\u064f": "u", "\u064b": "an", "\u064d": "in", "\u064c": "un",
    "\u0651": "", "\u0652": "", "\u0640": "",
}
# و and ي are consonants (w, y) at the start of a word, long vowels (u, i) inside it.
_ARABIC_W = {"و"}
_ARABIC_Y = {"ي", "ی", "ې"}

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ь": "", "ю": "yu", "я": "ya", "ё": "yo", "ъ": "", "ы": "y", "э": "e", "ў": "u", "'": "", "’": "",
}

_ETHIOPIC_VOWELS = {"A": "e", "U": "u", "I": "i", "AA": "a", "EE": "e", "E": "", "O": "o", "OA": "oa",
                    "WA": "wa", "WI": "wi", "WAA": "wa", "WEE": "we", "WE": "w", "YA": "ya"}
_ETHIOPIC_CONSONANTS = {"HH": "h", "SZ": "s", "QH": "q", "KX": "k", "X": "h", "C": "ch", "CH": "ch",
                        "TH": "t", "PH": "p", "TZ": "ts", "ZH": "zh", "NY": "ny", "GG": "g", "DD": "d",
                        "GLOTTAL ": "", "PHARYNGEAL ": "", "": ""}
_ETHIOPIC_NAME = re.compile(r"^ETHIOPIC SYLLABLE (GLOTTAL |PHARYNGEAL |[A-Z]*?)(WAA|WEE|WA|WI|WE|AA|EE|OA|YA|A|U|I|E|O)$")


@lru_cache(maxsize=512)
def _ethiopic(char: str) -> str:
    match = _ETHIOPIC_NAME.match(unicodedata.name(char, ""))
    if not match:
        return ""
    consonant, vowel = match.groups()
    return _ETHIOPIC_CONSONANTS.get(consonant, consonant.lower()) + _ETHIOPIC_VOWELS[vowel]


def _arabic_word(word: str) -> str:
    """One Arabic-script word to Latin; joined article and "abd" compounds come out as the romanisations write them."""
    out: list[str] = []
    if word.startswith("ال") and len(word) > 3:
        out.append("al-")
        word = word[2:]
    elif word.startswith("عبدال") and len(word) > 5:
        out.append("abd al-")
        word = word[5:]
    elif word.startswith("عبد"):
        out.append("abd")
        word = word[3:]
    for index, char in enumerate(word):
        if char in _ARABIC_W:
            out.append("w" if index == 0 else "u")
        elif char in _ARABIC_Y:
            out.append("y" if index == 0 else "i")
        else:
            out.append(_ARABIC.get(char, char))
    return "".join(out)


def to_latin(text: str) -> str:
    """The text in Latin letters (transliterating Arabic, Persian, Pashto, Ethiopic and Cyrillic script)."""
    if text.isascii():
        return text
    words = re.split(r"(\s+)", text)
    out = []
    for word in words:
        if any("\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f" or "\ufb50" <= c <= "\ufefc" for c in word):
            word = _arabic_word(unicodedata.normalize("NFKC", word))
        chars = []
        for char in word:
            if "\u1200" <= char <= "\u139f" or "\u2d80" <= char <= "\u2ddf":
                chars.append(_ethiopic(char))
            else:
                lower = char.lower()
                chars.append(_CYRILLIC.get(lower, char) if "\u0400" <= lower <= "\u04ff" else char)
        out.append("".join(chars))
    return "".join(out)


def has_non_latin(text: str) -> bool:
    """True when the text holds letters of another script than Latin (the original is then worth showing)."""
    return any(c.isalpha() and not ("a" <= c.lower() <= "z") and unicodedata.name(c, "").find("LATIN") < 0
               for c in text)


# --- 2-3. folding and tokens -----------------------------------------------------------------------------------

_APOSTROPHES = str.maketrans("", "", "'`’‘ʿʾʼʻ´")
_NON_LETTER = re.compile(r"[^a-z]+")
_ARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "ash", "ed", "er", "es", "et", "ez"})
_ABD = frozenset({"abd", "abdel", "abdul", "abdal", "abdol", "abdur", "abdus", "abed", "abdoul"})
_DIN = frozenset({"din", "deen", "dine", "eddin", "eddine", "uddin", "udin", "addin", "aldin", "uddeen"})
_ALLAH = frozenset({"allah", "ullah", "ollah", "alla", "ulla", "olla", "illah"})


def fold(text: str) -> str:
    """Latin, lower case, no diacritics, no apostrophes; other punctuation becomes spaces."""
    text = unicodedata.normalize("NFKD", to_latin(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().translate(_APOSTROPHES)
    text = text.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("đ", "d").replace("ł", "l")
    return _NON_LETTER.sub(" ", text).strip()


def _join_compounds(tokens: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token in _ARTICLES and following is not None:
            index += 1
            continue
        if token in _ABD and following is not None:
            rest_index = index + 1
            if tokens[rest_index] in _ARTICLES and rest_index + 1 < len(tokens):
                rest_index += 1
            out.append("abd" + tokens[rest_index])
            index = rest_index + 1
            continue
        if out and (token in _DIN or token in _ALLAH):
            out[-1] = out[-1] + token
            index += 1
            continue
        out.append(token)
        index += 1
    return out


# --- 4. canonical token ----------------------------------------------------------------------------------------

_MOHAMMED = re.compile(r"^(m[uoa]?h?[aeo]m+[aeiou]d|mh?md|m[uo]hd|mu?hamm?[ae]d|mah?am+ed|maxam+[ae]d)$")
# "Alkhatib", "Elamin": the article written joined (but not Alexander, Alina, Ali..., Albert, Elizabeth)
_JOINED_ARTICLE = re.compile(r"^(?:al|el)(?!ex|i|b)(?=[a-z]{4,}$)")
_ABDULLAH = re.compile(r"^abd[aeiou]?l+a?h?[ie]?$")
_ABD_PREFIX = re.compile(r"^abd[aeiou]?l?(?=[a-z]{2})")
_SOMALI_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"x", "h"),
    (r"c(?![hk])", ""),
    (r"ck", "k"),
    (r"dh", "d"),
    (r"q", "k"),
    (r"ph", "f"),
    (r"dj", "j"),
    (r"v", "w"),
))
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"ee", "i"),
    (r"o[ou]", "u"),
    (r"(?<=.)y", "i"),
    (r"(.)\1+", r"\1"),
    (r"o", "u"),
    (r"ei", "ai"),
    (r"(?:ul|ol|al|il)ah?$", "ula"),
    (r"(?:ud|ed|ad|al|id)(?:in|ine|en)$", "din"),
    (r"ah$", "a"),
    (r"eh$", "e"),
    (r"aie$", "ai"),
    (r"e(?!$)", "a"),
    (r"(?<=[^aeiou])i$", "e"),
    (r"(.)\1+", r"\1"),
))


@lru_cache(maxsize=200_000)
def canonical_token(token: str) -> str:
    """One folded token in the canonical romanisation (rule 4)."""
    token = _JOINED_ARTICLE.sub("", token)
    if _MOHAMMED.match(token):
        return "muhamad"
    for pattern, replacement in _SOMALI_RULES:
        token = pattern.sub(replacement, token)
    if token.startswith("abd"):
        token = re.sub(r"(.)\1+", r"\1", token)
        if _ABDULLAH.match(token):
            return "abdula"
        token = _ABD_PREFIX.sub("abd", token)
    for pattern, replacement in _RULES:
        token = pattern.sub(replacement, token)
    if _MOHAMMED.match(token):
        return "muhamad"
    return token


_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"kh", "h"),
    (r"gh", "g"),
    (r"sh|th|ts|z", "s"),
    (r"dh", "d"),
    (r"(?<=[aeiou])w(?=[aeiou])", ""),
    (r"ai", "y"),
    (r"[aeiou]", ""),
    (r"(.)\1+", r"\1"),
))


@lru_cache(maxsize=200_000)
def skeleton(canonical: str) -> str:
    """The consonant skeleton of a canonical token (rule 5); "" for an all-vowel token."""
    for pattern, replacement in _SKELETON_RULES:
        canonical = pattern.sub(replacement, canonical)
    return canonical


@lru_cache(maxsize=500_000)
def name_tokens(text: str) -> tuple[str, ...]:
    """The canonical tokens of one name field, in the order written."""
    tokens = _join_compounds(fold(text).split())
    return tuple(t for t in (canonical_token(t) for t in tokens) if t)


# --- the comparable form of a whole name ------------------------------------------------------------------------


@dataclass(frozen=True)
class NameForm:
    """What the engine compares of a person's name (all derived; the original stays in the registry)."""

    given: str  # canonical given-name tokens, in order, space-separated
    family: str
    tokens: tuple[str, ...]  # all canonical tokens, sorted
    skeletons: tuple[str, ...]  # the skeleton of each token in `tokens` order, empty ones left out, sorted

    @property
    def sorted_name(self) -> str:
        return " ".join(self.tokens)

    @property
    def sorted_skeleton(self) -> str:
        return " ".join(self.skeletons)

    @property
    def empty(self) -> bool:
        return not self.tokens


@lru_cache(maxsize=400_000)
def name_form(given_name: str, family_name: str) -> NameForm:
    """The comparable form of a name (cached: names repeat a great deal in a registry)."""
    given = name_tokens(given_name or "")
    family = name_tokens(family_name or "")
    tokens = tuple(sorted(given + family))
    skeletons = tuple(sorted(s for s in (skeleton(t) for t in tokens) if s))
    return NameForm(given=" ".join(given), family=" ".join(family), tokens=tokens, skeletons=skeletons)


@lru_cache(maxsize=200_000)
def relative_tokens(names: tuple[str, ...]) -> tuple[str, ...]:
    """The first canonical token of each relative's given name, sorted and unique."""
    out = set()
    for name in names:
        tokens = name_tokens(name or "")
        if tokens:
            out.add(tokens[0])
    return tuple(sorted(out))


# --- birth dates ------------------------------------------------------------------------------------------------

PARTIAL_DAYS = frozenset({(1, 1), (7, 1)})


def date_is_partial(date: datetime.date | None) -> bool:
    """True for the dates registries assign when only the year or half-year is known (1 January, 1 July)."""
    return date is not None and (date.month, date.day) in PARTIAL_DAYS


def check_birth_date(date: datetime.date | None, *, today: datetime.date | None = None) -> None:
    """Refuse an impossible birth date (in the future or more than 125 years ago) with a clear ValueError."""
    if date is None:
        return
    today = today or datetime.date.today()
    if date > today:
        raise ValueError(f"The birth date {date.isoformat()} is in the future.")
    if date.year < today.year - 125:
        raise ValueError(f"The birth date {date.isoformat()} is more than 125 years ago.")
