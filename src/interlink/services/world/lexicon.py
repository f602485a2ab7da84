"""Spellings of the Arabic-script family names composed in ``surnames``.

The name table of ``interlink.names.arabic`` lists common tokens only; a composed nisba
(الدمشقي) or Persian surname (کریم‌زاده) is registered here with its spelling in every label of
that module, derived from one English (or Iranian) spelling by each label's habits: Egyptian g
for j and a final y (El-Gazairy), Maghreb ch, dj and ou (El Ghazzaoui), Turkish letters and no
article (Dımaşki), Iranian gh for q. ``romanize`` and ``variants`` spell a whole name, table
tokens by the table and registered ones from here.
"""

from __future__ import annotations

from functools import lru_cache

from interlink.names.arabic import (
    ARABIC_SYSTEMS,
    PERSIAN_SYSTEMS,
    arabic_variants,
    icao_mrz_arabic,
    romanize_arabic,
)

_LABELS = ("standard", "english", "egyptian", "maghreb", "turkish", "persian", "persian_alt")
# How each label writes the article (as interlink.names.arabic does).
_ARTICLE = {
    "standard": "al-", "english": "al-", "egyptian": "El-", "maghreb": "El ", "turkish": "",
    "persian": "", "persian_alt": "al-",
}  # fmt: skip
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")

# token -> {label: spelling}, and token -> further spellings of the whole token.
_FORMS: dict[str, dict[str, str]] = {}
_EXTRAS: dict[str, tuple[tuple[str, str], ...]] = {}


def _sub(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def _label_forms(english: str) -> dict[str, str]:
    """A stem's spelling in each label, from its English spelling."""
    low = english.lower()
    egyptian = _sub(low, (("j", "g"), ("q", "k")))
    egyptian = egyptian[:-1] + "y" if egyptian.endswith("i") else egyptian
    maghreb = _sub(low, (("awi", "aoui"), ("sh", "ch"), ("ou", "u"), ("u", "ou"), ("q", "k")))
    maghreb = maghreb.replace("j", "dj").replace("ddj", "dj")
    turkish = _sub(
        low,
        (("sh", "ş"), ("ch", "ç"), ("kh", "h"), ("th", "s"), ("dh", "z"), ("gh", "ğ"),
         ("ou", "u"), ("aa", "a"), ("j", "c"), ("q", "k"), ("w", "v")),
    )  # fmt: skip
    persian = _sub(low, (("q", "gh"), ("ggh", "gh"), ("th", "s"), ("dh", "z"), ("w", "v")))
    standard = _sub(low, (("ou", "u"), ("ee", "i"), ("oo", "u")))
    forms = {
        "standard": standard, "english": low, "egyptian": egyptian, "maghreb": maghreb,
        "turkish": turkish, "persian": persian, "persian_alt": low,
    }  # fmt: skip
    return {label: text[:1].upper() + text[1:] for label, text in forms.items()}


def arabic_nisba(stem: tuple[str, str], *, article: bool) -> str:
    """Register a nisba or family word (Arabic script, English spelling) and return its Arabic
    text: الدمشقي with the article, خياط without."""
    script, english = stem
    stems = _label_forms(english)
    if not article:
        _FORMS[script] = stems
        return script
    native = "ال" + script
    _FORMS[native] = {label: _ARTICLE[label] + stems[label] for label in _LABELS}
    base = stems["english"]
    head = base[:2].lower() if base[:2].lower() in ("sh", "th", "dh") else base[:1].lower()
    assimilated = f"a{head}-{base}" if script[0] in _SUN_LETTERS else f"al-{base}"
    _EXTRAS[native] = (
        ("article_capital", f"Al-{base}"), ("article_spaced", f"Al {base}"),
        ("article_joined", f"Al{base.lower()}"), ("article_el", f"el-{base}"),
        ("article_dropped", base), ("article_assimilated", assimilated),
    )  # fmt: skip
    return native


def persian_surname(
    stem: tuple[str, str, str], suffix: tuple[str, str, str, str], *, mir: bool = False
) -> str:
    """Register a Persian surname (a stem and a suffix, Mir- before it if ``mir``) and return
    its Persian text: کریم‌زاده, Karimzadeh, Karim-zadeh, Karimzada."""
    script, iranian, standard = stem
    s_script, s_iranian, s_alt, s_standard = suffix
    alt = _sub(iranian, (("ou", "u"), ("gh", "q"), ("Gh", "Q")))
    if mir:
        script, iranian, alt, standard = (
            "میر" + script,
            "Mir" + iranian.lower(),
            "Mir" + alt.lower(),
            "Mir" + standard.lower(),
        )
    native = script + s_script
    forms = dict.fromkeys(("english", "egyptian", "maghreb", "turkish"), alt + s_alt)
    forms |= {
        "standard": standard + s_standard, "persian": iranian + s_iranian,
        "persian_alt": alt + s_alt,
    }  # fmt: skip
    _FORMS[native] = forms
    _EXTRAS[native] = (("variant", alt + s_iranian), ("variant", iranian + s_alt))
    return native


def _segments(text: str) -> list[tuple[str, bool]]:
    """The name in runs of table tokens and single registered tokens: (text, registered)."""
    out: list[tuple[str, bool]] = []
    run: list[str] = []
    for token in text.split(" "):
        if token in _FORMS:
            if run:
                out.append((" ".join(run), False))
                run = []
            out.append((token, True))
        else:
            run.append(token)
    if run:
        out.append((" ".join(run), False))
    return out


def is_registered(text: str) -> bool:
    """True when a token of ``text`` is a composed name registered here."""
    return any(token in _FORMS for token in text.split(" "))


def romanize(text: str, system: str, persian: bool) -> str:
    """``text`` in one system, as ``romanize_arabic`` spells it, registered tokens included."""
    if system == "icao_mrz" or not is_registered(text):
        return romanize_arabic(text, system, persian=persian)
    return _join(_segments(text), system, persian)


def _join(segments: list[tuple[str, bool]], system: str, persian: bool) -> str:
    return " ".join(
        _FORMS[seg][system] if registered else _run(seg, system, persian)
        for seg, registered in segments
    )


@lru_cache(maxsize=1 << 16)
def _run(text: str, system: str, persian: bool) -> str:
    """A run of table tokens in one system (runs such as "أحمد بن محمد" come back often)."""
    return romanize_arabic(text, system, persian=persian)


def variants(text: str, persian: bool) -> list[tuple[str, str]]:
    """Every spelling of a name as ``(label, text)``, each text once, as ``arabic_variants``
    gives them: each system's, the ICAO MRZ form, then one part at a time spelled otherwise."""
    if not is_registered(text):
        return arabic_variants(text, persian=persian)
    out: dict[str, str] = {}
    segments = _segments(text)
    for label in PERSIAN_SYSTEMS if persian else ARABIC_SYSTEMS:
        out.setdefault(_join(segments, label, persian), label)
    out.setdefault(icao_mrz_arabic(text), "icao_mrz")
    base = "persian" if persian else "english"
    words = [_join([segment], base, persian) for segment in segments]
    for i, (seg, registered) in enumerate(segments):
        others = _EXTRAS.get(seg, ()) if registered else _alternatives(seg, persian)
        for label, alt in others:
            out.setdefault(" ".join([*words[:i], alt, *words[i + 1 :]]), label)
    return [(label, spelled) for spelled, label in out.items()]


@lru_cache(maxsize=1 << 14)
def _alternatives(text: str, persian: bool) -> tuple[tuple[str, str], ...]:
    """The spellings of a run of table tokens, but its ICAO MRZ form."""
    return tuple(pair for pair in arabic_variants(text, persian=persian) if pair[0] != "icao_mrz")
