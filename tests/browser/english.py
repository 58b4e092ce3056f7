"""Finds English in text the admin shows, for the Indonesian admin test.

A piece of text (one line of a page's rendered text, or one attribute value such as a title,
aria-label, placeholder or tooltip) is English when either

1. it contains a word from ENGLISH_WORDS: words of Wagtail's and Django's admin chrome that
   are not Indonesian (checked case-insensitively, word by word, so "19 Pages" and "Approve
   with comment dan Publikasikan" are caught), or
2. the whole piece equals an English msgid of Wagtail's, Django's or the project's
   catalogues ("Title", "None", "Compare"): the source text of a string that the Indonesian
   catalogues should translate.

Neither counts words that Indonesian uses as they are (SAME_IN_INDONESIAN: "Status", "Data",
"Filter", "Admin", "URL"…), proper names and abbreviations (Wagtail, PDF, CSV, SOP, the
villages), language names written in their own language ("English" in the language choice)
and IANA time-zone names ("Asia/Makassar").
"""

import re
from functools import cache
from pathlib import Path

import polib

_ENGLISH = """
    about account accounts action actions activity add added all allow already an and any
    approve approved archive are as ascending at author available back be before below
    blank block blocks both browse bulk but by can cancel cancelled change changed changes
    check checks choose chosen clear click close collapse collection collections comment
    comments compare confirm content contents copy create created creator current customise
    dashboard date default delete deleted descending description details did disable
    document documents done download draft drafts drag drop edit edited editing edits empty
    enable enter error errors every expand expired expiry explorer export false field fields
    file files find first for from go go-live has have help here hide history home image
    images in information insert inspect instance instances into is it item's items just
    last latest leave less live locale locked log logged logout manage many may me more most
    move moved my name need never new next none not notifications nothing of on only open or
    order other our out owner page pages parent password pending please popular preferences
    preview previous privacy private profile promote public publish published publishing
    recent recently reject rejected remove removed reorder report reports request requested
    required reset restore results revert review revision revisions save saved schedule
    scheduled search see select selected send set settings should show showing site sites size
    snippet snippets sort submit submitted subpages task tasks that the their there
    these this time title to toggle true type unlock unlocked unpublish unpublished untitled
    update updated upload uploaded usage use used user username users using validation view
    was welcome were what when which will with without workflow workflows yes you your
    referenced times ago second seconds minute minutes hour hours day days week weeks month
    months year years yesterday today tomorrow entire across within matching found unsaved
    autosave paused locking visible visibility anyone everyone child children words reading
    readability metrics issue issues sidebar breadcrumbs section width layout grid newest oldest
    filters contrast density theme light dark snug system shortcuts keyboard picture language
    zone notification receive choose view details
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())

# Words an Indonesian text uses unchanged, and names: never evidence of English.
_SAME = """
    admin data email e-mail filter menu status tag url slug seo sop pdf csv xlsx excel wagtail
    django item media video audio id ok wita wib wit ruko parsel rss ics whatsapp api logo output
"""
SAME_IN_INDONESIAN = frozenset(_SAME.split())
# Indonesian abbreviations that read like English words once the dot is dropped ("No." =
# nomor, the number column of a table).
INDONESIAN_ABBREVIATIONS = frozenset({"No."})
# Language names written in their own language, as language choices show them.
OWN_LANGUAGE_NAMES = frozenset({"english", "bahasa indonesia"})
# A time-zone choice: its IANA name, alone or followed by its offset and CLDR name.
TIME_ZONE = re.compile(
    r"^(UTC|GMT|[A-Za-z_-]+(/[A-Za-z0-9_+-]+)+|[A-Za-z0-9_/+-]+: [A-Z]{2,5}[+-]?\d* \(.*\))$"
)
# A Django model identifier ("home.homepage") as the page types report lists it.
MODEL_LABEL = re.compile(r"^[a-z_]+\.[a-z_]+$")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")

SITE_PACKAGES = Path(polib.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent.parent


def _catalogues():
    yield from (SITE_PACKAGES / "wagtail").glob("**/locale/en/LC_MESSAGES/*.po")
    for package in ("admin", "auth", "contenttypes"):
        yield from (SITE_PACKAGES / "django/contrib" / package).glob("locale/en/LC_MESSAGES/*.po")
    yield SITE_PACKAGES / "django/conf/locale/en/LC_MESSAGES/django.po"
    for path in ROOT.glob("**/locale/en/LC_MESSAGES/*.po"):
        if ".venv" not in path.parts:
            yield path


def normalise(text):
    return " ".join(text.split()).strip(" *:.…").lower()


@cache
def english_msgids():
    """The English source strings (lowercase, whitespace collapsed) that hold a word."""
    msgids = set()
    for path in _catalogues():
        for entry in polib.pofile(str(path)):
            for msgid in (entry.msgid, entry.msgid_plural):
                if not msgid or "%" in msgid or "{" in msgid:
                    continue
                text = normalise(msgid)
                if WORD.search(text) and text not in SAME_IN_INDONESIAN:
                    msgids.add(text)
    return frozenset(msgids)


def english_words(text):
    """The words of `text` that are English admin words (lowercase, in order)."""
    return [
        word
        for word in (w.lower().strip("'’-") for w in WORD.findall(text))
        if word in ENGLISH_WORDS and word not in SAME_IN_INDONESIAN
    ]


def is_english(text, allowed=()):
    """Whether the piece of text is English; `allowed` holds exact pieces to accept
    (names and other content typed by people)."""
    text = " ".join(text.split())
    if not text or text in allowed or TIME_ZONE.match(text) or MODEL_LABEL.match(text):
        return False
    if normalise(text) in OWN_LANGUAGE_NAMES or text in INDONESIAN_ABBREVIATIONS:
        return False
    for name in allowed:
        text = text.replace(name, " ")
    return bool(english_words(text)) or normalise(text) in english_msgids()
