"""The Chinese catalogues (Simplified and Traditional): complete, compiled, covering the UI's
strings, and the same entries in both."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
TRADITIONAL = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES"
BOTH = pytest.mark.parametrize("catalogue", [CATALOGUE, TRADITIONAL], ids=["zh_Hans", "zh_Hant"])
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
GETTEXT_CALL = re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*\n?\s*"((?:[^"\\]|\\.)+)"\s*\)""")
UI_SOURCES = [
    "incidents/views",
    "incidents/forms",
    "incidents/filters.py",
    "incidents/templatetags",
    "incidents/context_processors.py",
    "incidents/learning",
    "intake/views.py",
    "intake/models.py",
]


def po_entries(catalogue: Path = CATALOGUE) -> dict[str, str]:
    """msgid (with msgctxt + '\\x04' when present) → msgstr of every entry but the header."""
    entries: dict[str, str] = {}
    text = (catalogue / "django.po").read_text(encoding="utf-8")
    for block in text.strip().split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) (\".*\")$", line)
            if match:
                key = match.group(1).replace("[0]", "")
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
            elif line.startswith("#, fuzzy"):
                fields["fuzzy"] = "yes"
        if fields.get("msgid"):
            msgid = fields["msgid"]
            if "msgctxt" in fields:
                msgid = f"{fields['msgctxt']}\x04{msgid}"
            entries[msgid] = "" if "fuzzy" in fields else fields.get("msgstr", "")
    return entries


@BOTH
def test_every_entry_is_translated(catalogue: Path) -> None:
    untranslated = [msgid for msgid, msgstr in po_entries(catalogue).items() if not msgstr.strip()]
    assert untranslated == []


def test_the_traditional_catalogue_has_every_simplified_entry_and_no_other() -> None:
    simplified, traditional = po_entries(CATALOGUE), po_entries(TRADITIONAL)
    assert set(simplified) - set(traditional) == set(), "run manage.py translations_sync"
    assert set(traditional) - set(simplified) == set()


@BOTH
def test_the_compiled_catalogue_matches_the_source(catalogue: Path) -> None:
    with (catalogue / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr in po_entries(catalogue).items()
        if (compiled.pgettext(*msgid.split("\x04")) if "\x04" in msgid else compiled.gettext(msgid))
        != msgstr
    ]
    assert stale == [], "run compilemessages (or msgfmt) after editing the .po file"


@pytest.mark.parametrize(
    "folder",
    [
        "config/templates",
        "accounts/templates",
        "incidents/templates",
        "compliance/templates",
        "notifications/templates",
        "intake/templates",
    ],
)
def test_template_strings_are_in_the_catalogue(folder: str) -> None:
    known = po_entries()
    missing = {
        match.group(2)
        for path in (ROOT / folder).rglob("*.html")
        for match in TRANSLATE_TAG.finditer(path.read_text(encoding="utf-8"))
        if match.group(2) not in known
    }
    assert missing == set()


def test_python_ui_strings_are_in_the_catalogue() -> None:
    known = po_entries()
    paths = [p for source in UI_SOURCES for p in sorted((ROOT / source).glob("**/*.py"))] + [
        ROOT / source for source in UI_SOURCES if source.endswith(".py")
    ]
    missing = {
        match.group(1)
        for path in paths
        for match in GETTEXT_CALL.finditer(path.read_text(encoding="utf-8"))
        if match.group(1) not in known
    }
    assert missing == set()
