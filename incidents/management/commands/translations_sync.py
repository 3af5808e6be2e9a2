"""Keep the Chinese catalogues whole: stored content in zh_Hans, every zh_Hans entry in zh_Hant.

    python manage.py translations_sync           # add, convert, compile
    python manage.py translations_sync --check   # change nothing; fail if anything is missing

1. Every stored or generated text the UI translates by catalogue lookup (the engine's legal texts
   and explanation sentences, default teams, playbooks, drill scenarios, audit summaries; see
   ``compliance.wording`` and ``incidents.content``) gets a zh_Hans entry. New ones are appended
   with an empty msgstr: a person translates them (tests/config/test_translations.py fails until
   then).
2. zh_Hant is regenerated from zh_Hans, entry by entry, with OpenCC (Taiwan phrasing,
   ``s2twp``; the ``opencc-python-reimplemented`` package of the test extra); then the PRC
   statutes' own terms and everyday words OpenCC reads as programmers' ones are put back
   (``STATUTE_TERMS``, ``EVERYDAY_TERMS``) and hand-written translations replace
   the converted ones (``HANT_OVERRIDES``). Never edit zh_Hant's .po by hand: change zh_Hans, or
   add an override here, and run the command again. Without OpenCC the existing zh_Hant
   translations are kept and new entries stay empty.
3. Both catalogues are compiled with ``msgfmt -c``.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from incidents.content import content_msgids

LOCALE = Path(settings.BASE_DIR) / "locale"
HANS = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
HANT = LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"
HANT_HEADER = """# Traditional Chinese translation of Breachdesk.
# This file is distributed under the same licence as Breachdesk (AGPL-3.0-or-later).
# Entries missing here are converted from zh_Hans by `manage.py translations_sync`.
#
msgid ""
msgstr ""
"Project-Id-Version: Breachdesk\\n"
"Report-Msgid-Bugs-To: \\n"
"PO-Revision-Date: 2026-12-07 00:00+0000\\n"
"Last-Translator: Breachdesk contributors\\n"
"Language-Team: Chinese (Traditional)\\n"
"Language: zh_Hant\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""
# OpenCC's Taiwan phrasing renames some terms the PRC statutes define; PIPL, the Cybersecurity
# Law and the CAC Measures keep their own words, in traditional characters.
STATUTE_TERMS: tuple[tuple[str, str], ...] = (
    ("個人資訊", "個人信息"),
    ("關鍵資訊基礎設施", "關鍵信息基礎設施"),
    ("網路安全", "網絡安全"),
    ("網路運營者", "網絡運營者"),
    ("網路營運者", "網絡運營者"),
    ("資訊種類", "信息種類"),
    ("避免資訊洩露", "避免信息洩露"),
    # Foreign statutes' names: "digital" is 數位 in Taiwan, not 數字 (a numeral).
    ("數字個人資料保護", "數位個人資料保護"),
    ("數字運營韌性", "數位營運韌性"),
    ("數字綜合法案", "數位綜合法案"),
    # PIPEDA: the Personal Information Protection and Electronic Documents Act (文件, not 檔案).
    ("電子檔案法", "電子文件法"),
)
# OpenCC's Taiwan phrasing reads some everyday words as programmers' ones: a kind or type of
# something is 類型 (型別 is a data type), a country's or a sign-in's code is 代碼 (程式碼 is
# source code). tests/config/test_content_translations.py keeps the programmers' words out.
EVERYDAY_TERMS: tuple[tuple[str, str], ...] = (
    ("型別", "類型"),
    ("程式碼", "代碼"),
)
# Where a converted phrase is not how Taiwan or Hong Kong write it: msgid → translation.
HANT_OVERRIDES: dict[str, str] = {
    # 通过 of a law is 通過 (adopted), not 透過 (by way of).
    "The EU Digital Omnibus is adopted (GDPR Art. 33: 96 hours)": (
        "歐盟《數位綜合法案》已通過（GDPR 第 33 條：96 小時）"
    ),
    # A filing or a report is a 文件 or 申報; 檔案 is a computer file.
    "Files with the US SEC (Form 8-K Item 1.05)": "向美國證券交易委員會（SEC）申報（8-K 表格第 1.05 項）",
    "Whether our company files with the US SEC": "我方公司是否向美國 SEC 申報",
    "This document is not ready (%(status)s).": "此文件尚未就緒（%(status)s）。",
    "Paper lost": "紙本文件遺失",
    "the CSIRT or, where applicable, the competent authority of the Member State": (
        "成員國的電腦安全事件應變小組（CSIRT），或在適用時為成員國主管機關"
    ),
    "PIPA Art. 34(1)(1): the items of personal information leaked": (
        "PIPA 第 34 條第 1 款第 1 項：洩露的個人信息項目"
    ),
    "PIPA Art. 34(1)(4): the controller's response measures and remedies": (
        "PIPA 第 34 條第 1 款第 4 項：個人信息處理者的應對措施及救濟程序"
    ),
    "the entity must give the Commissioner a statement as soon as practicable after becoming "
    "aware (on assessment) that there are reasonable grounds to believe an eligible data breach "
    "happened": (
        "實體在（經評估）知悉有合理理由相信發生了符合條件的資料洩露後，應當在切實可行的範圍內"
        "儘快向專員提交聲明"
    ),
    "the entity must notify the individuals concerned, or publish the statement where that is "
    "not practicable, as soon as practicable after preparing the statement": (
        "實體應當在擬備聲明後，在切實可行的範圍內儘快通知相關個人；無法切實可行地通知的，"
        "應公佈該聲明"
    ),
}
FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$')


@dataclass
class Entry:
    """One catalogue entry: its comment lines, ids and translations (one per plural form)."""

    comments: list[str] = field(default_factory=list)
    ctxt: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> str:
        return f"{self.ctxt}\x04{self.msgid}" if self.ctxt is not None else self.msgid


def unquote(text: str) -> str:
    """The value of one quoted .po string."""
    body = text[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), body)


def quote(text: str) -> str:
    """A .po string literal for a value."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    return '"' + escaped.replace("\n", "\\n") + '"'


def parse_po(text: str) -> list[Entry]:
    """The entries of a catalogue, header excluded; obsolete (#~) entries are dropped."""
    entries = []
    for block in text.strip().split("\n\n"):
        entry, current = Entry(), ""
        for line in block.splitlines():
            match = FIELD.match(line)
            if match:
                current = match.group(1)
                _set(entry, current, unquote(match.group(2)), append=False)
            elif line.startswith('"') and current:
                _set(entry, current, unquote(line), append=True)
            elif line.startswith("#~"):
                continue
            elif line.startswith("#"):
                entry.comments.append(line)
                entry.fuzzy = entry.fuzzy or (line.startswith("#,") and "fuzzy" in line)
        if entry.msgid:
            entries.append(entry)
    return entries


def _set(entry: Entry, name: str, value: str, *, append: bool) -> None:
    if name.startswith("msgstr"):
        index = int(name[7:-1]) if "[" in name else 0
        while len(entry.msgstr) <= index:
            entry.msgstr.append("")
        entry.msgstr[index] = entry.msgstr[index] + value if append else value
        return
    attribute = {"msgctxt": "ctxt", "msgid": "msgid", "msgid_plural": "plural"}[name]
    previous = getattr(entry, attribute) or "" if append else ""
    setattr(entry, attribute, previous + value)


def format_entry(entry: Entry) -> str:
    """One entry as .po text."""
    lines = [c for c in entry.comments if not (c.startswith("#,") and "fuzzy" in c)]
    if entry.ctxt is not None:
        lines.append(f"msgctxt {quote(entry.ctxt)}")
    lines.append(f"msgid {quote(entry.msgid)}")
    if entry.plural is not None:
        lines.append(f"msgid_plural {quote(entry.plural)}")
        lines += [f"msgstr[{i}] {quote(s)}" for i, s in enumerate(entry.msgstr or [""])]
    else:
        lines.append(f"msgstr {quote(entry.msgstr[0] if entry.msgstr else '')}")
    return "\n".join(lines)


def to_traditional(text: str, converter: Any) -> str:
    """Simplified → Traditional with Taiwan phrasing; the PRC statutes' terms and everyday words
    put back."""
    result = converter.convert(text)
    for converted, wanted in (*STATUTE_TERMS, *EVERYDAY_TERMS):
        result = result.replace(converted, wanted)
    return result


def missing_content(entries: list[Entry]) -> list[str]:
    """Stored-content msgids the zh_Hans catalogue lacks, in a stable order."""
    known = {entry.key for entry in entries}
    return [msgid for msgid in content_msgids() if msgid and msgid not in known]


def traditional_entries(hans: list[Entry], hant: list[Entry], converter: Any) -> list[Entry]:
    """zh_Hant in zh_Hans's order, converted (or, without a converter, as it was)."""
    existing = {entry.key: entry for entry in hant if not entry.fuzzy and any(entry.msgstr)}
    result = []
    for source in hans:
        kept = existing.get(source.key)
        if source.msgid in HANT_OVERRIDES:
            msgstr = [HANT_OVERRIDES[source.msgid] for _ in source.msgstr or [""]]
        elif converter is not None and all(source.msgstr) and not source.fuzzy:
            msgstr = [to_traditional(s, converter) for s in source.msgstr]
        elif kept is not None:
            msgstr = kept.msgstr
        else:
            msgstr = ["" for _ in source.msgstr or [""]]
        result.append(
            Entry(list(source.comments), source.ctxt, source.msgid, source.plural, msgstr)
        )
    return result


class Command(BaseCommand):
    help = "Add stored content to zh_Hans, fill zh_Hant from zh_Hans, compile both catalogues."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if anything is missing.")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        hans_text = HANS.read_text(encoding="utf-8")
        hans = parse_po(hans_text)
        added = missing_content(hans)
        hant = parse_po(HANT.read_text(encoding="utf-8")) if HANT.exists() else []
        if check:
            known = {entry.key for entry in hant}
            absent = [e.msgid for e in hans if e.key not in known] + added
            if absent:
                raise CommandError(f"{len(absent)} entries missing, first: {absent[:3]}")
            return
        if added:
            blocks = [
                format_entry(Entry(["#. stored content (incidents.content)"], msgid=m, msgstr=[""]))
                for m in added
            ]
            HANS.write_text(hans_text.rstrip("\n") + "\n\n" + "\n\n".join(blocks) + "\n", "utf-8")
            hans = parse_po(HANS.read_text(encoding="utf-8"))
        try:
            from opencc import OpenCC
        except ImportError:  # only the test extra installs it; hand-translated entries still work
            converter = None
            self.stderr.write("opencc-python-reimplemented is missing: zh_Hant left untranslated")
        else:
            converter = OpenCC("s2twp")
        result = traditional_entries(hans, hant, converter)
        HANT.parent.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(format_entry(entry) for entry in result)
        HANT.write_text(HANT_HEADER + "\n" + body + "\n", encoding="utf-8")
        for path in (HANS, HANT):
            subprocess.run(
                ["msgfmt", "-c", "-o", str(path.with_suffix(".mo")), str(path)], check=True
            )
        empty = sum(1 for entry in result if not all(entry.msgstr))
        self.stdout.write(f"zh_Hans: {len(added)} added; zh_Hant: {len(result)} ({empty} empty)")
