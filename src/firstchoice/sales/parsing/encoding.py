"""The text encoding of a CSV file, and its lines decoded as they stream.

The encoding is decided from a sample of the whole file (blocks from its start, middle and
end), not from its first lines: UTF-8 when the sample is UTF-8, else the one encoding
charset-normalizer finds coherent among those ERP exports come in. When several decode
the sample into different text equally well, the file is refused with the candidates
named; `--encoding` (or the choice on the upload page) then decides.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
from collections.abc import Callable, Iterator
from typing import IO

from charset_normalizer import from_bytes

# What ERP exports come in besides UTF-8 (charset-normalizer's codec names).
CANDIDATES: tuple[str, ...] = (
    "gb18030",
    "big5",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp1252",
    "cp1251",
)
# How each is called where people choose one (the upload page, --encoding, messages).
LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "gb18030": "GB18030 (GBK)",
    "big5": "Big5",
    "cp932": "Shift-JIS (cp932)",
    "euc_jp": "EUC-JP",
    "euc_kr": "EUC-KR",
    "cp1252": "Windows-1252 (Western European)",
    "cp1251": "Windows-1251 (Cyrillic)",
}
SAMPLE_BLOCKS = 32
BLOCK_BYTES = 32 * 1024
# Two readings whose scores are this close are a tie.
_TIE = 0.05


@functools.cache
def _common_characters() -> dict[str, frozenset[str]]:
    """The characters real text in each multi-byte candidate is mostly made of.

    charset-normalizer judges short CJK samples poorly (a few Chinese words read as EUC-KR
    or Windows-1252 with no "mess"), so each reading is also scored by how much of it is
    everyday characters of its language, taken from the encodings' own frequency-ordered
    tables: GB2312 level 1 (the 3,755 commonest hanzi), Big5's frequent characters, JIS
    level 1 kanji with kana, and KS X 1001's hangul syllables.
    """

    def table(codec: str, rows: range, cols: range = range(0xA1, 0xFF)) -> set[str]:
        found = set()
        for hi in rows:
            for lo in cols:
                with contextlib.suppress(UnicodeDecodeError):
                    found.add(bytes((hi, lo)).decode(codec))
        return found

    kana = {chr(c) for c in range(0x3041, 0x3097)} | {chr(c) for c in range(0x30A1, 0x30FB)}
    japanese = frozenset(table("euc_jp", range(0xB0, 0xD0)) | kana | {"ー"})
    big5 = table("big5", range(0xA4, 0xC6), range(0x40, 0xFF)) | table(
        "big5", range(0xC6, 0xC7), range(0x40, 0x7F)
    )
    return {
        "gb18030": frozenset(table("gb2312", range(0xB0, 0xD8))),
        "big5": frozenset(big5),
        "cp932": japanese,
        "euc_jp": japanese,
        "euc_kr": frozenset(table("euc_kr", range(0xB0, 0xC9))),
    }


_CJK_PUNCTUATION = frozenset(
    [chr(c) for c in range(0x3000, 0x3040)] + [chr(c) for c in range(0xFF01, 0xFF5F)]
)
_WESTERN_SIGNS = frozenset("€–—‘’“”•°·×±²³µ§©®«»")
_CYRILLIC = frozenset([chr(c) for c in range(0x0410, 0x0450)] + ["Ё", "ё", "№"])


def plausibility(text: str, encoding: str) -> float:
    """Share (0..1) of the non-ASCII characters of `text` that real text read as
    `encoding` is made of; 1.0 for ASCII."""
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 1.0
    common = _common_characters().get(encoding)
    if common is not None:
        good = sum(ch in common or ch in _CJK_PUNCTUATION for ch in wide)
    elif encoding == "cp1251":
        good = sum(ch in _CYRILLIC or ch in _WESTERN_SIGNS for ch in wide)
    else:
        # Accented letters sit between plain ones ("Société"); multi-byte text read as
        # Windows-1252 comes out as runs of them ("»ª¶«»úÐµ").
        good = run = 0
        for ch in text + " ":
            if ord(ch) > 127:
                run += 1
                continue
            if run:
                good += run if run < 3 else 0
            run = 0
        good = min(good, sum(ch.isalpha() or ch in _WESTERN_SIGNS for ch in wide))
    return good / len(wide)


class AmbiguousEncoding(ValueError):
    """Several encodings read the sample equally well, into different text."""

    def __init__(self, candidates: list[str]) -> None:
        self.candidates = candidates
        names = ", ".join(label(c) for c in candidates)
        super().__init__(
            f"the text encoding is ambiguous: it reads equally well as {names}; "
            "choose the encoding (--encoding, or on the upload page) and import it again"
        )


def label(encoding: str) -> str:
    return LABELS.get(encoding.lower().replace("-", "_").replace("utf_8", "utf-8"), encoding)


def checked_encoding(name: str) -> str:
    """A user's choice of encoding, as Python's codec name; ValueError when there is none."""
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise ValueError(
            f"unknown encoding {name!r}; use one of " + ", ".join(["utf-8", *CANDIDATES])
        ) from None


def whole_file_sample(fh: IO[bytes], size: int) -> bytes:
    """Blocks spread over the whole file, each cut to whole lines (a multi-byte character
    is never split: none of the candidates uses the byte b"\\n" inside one)."""
    if size <= SAMPLE_BLOCKS * BLOCK_BYTES:
        fh.seek(0)
        return fh.read()
    parts = []
    step = (size - BLOCK_BYTES) // (SAMPLE_BLOCKS - 1)
    for i in range(SAMPLE_BLOCKS):
        fh.seek(i * step)
        block = fh.read(BLOCK_BYTES)
        if i:
            block = block.partition(b"\n")[2]
        if i < SAMPLE_BLOCKS - 1:
            block = block[: block.rfind(b"\n") + 1]
        parts.append(block)
    fh.seek(0)
    return b"".join(parts)


def detect_encoding(sample: bytes) -> str | None:
    """The encoding of a whole-file sample; None while it is plain ASCII (undecided).

    Raises AmbiguousEncoding, or ValueError when no candidate reads it.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.isascii():
        return None
    if _mostly_utf8(sample):
        return "utf-8"
    matches = from_bytes(sample, cp_isolation=list(CANDIDATES))
    if not matches:
        raise ValueError(
            "the text is in none of the encodings ERP exports use ("
            + ", ".join(label(c) for c in ("utf-8", *CANDIDATES))
            + "); save the file as UTF-8 and import it again"
        )
    # charset-normalizer says which candidates read the sample and how messy each reading
    # is; the share of everyday characters in each reading decides between them.
    scored = sorted(
        (
            (plausibility(str(m), m.encoding) - m.chaos, m.coherence, m.encoding, str(m))
            for m in matches
        ),
        reverse=True,
    )
    best = scored[0]
    tied = [s for s in scored if s[0] >= best[0] - _TIE and s[3] != best[3]]
    if not tied:
        return best[2]
    if best[1] - max(s[1] for s in tied) > 0.1:  # charset-normalizer recognised the language
        return best[2]
    if best[2] == "gb18030" or any(s[2] == "gb18030" for s in tied):
        # A short Chinese sample is often also valid, everyday Korean (GB2312's commonest
        # hanzi share their bytes with KS X 1001's hangul): the product's users write
        # Chinese, so such a tie is read as GB18030.
        return "gb18030"
    raise AmbiguousEncoding(sorted({best[2], *(s[2] for s in tied)}))


def _mostly_utf8(sample: bytes) -> bool:
    """UTF-8, or UTF-8 with a few broken bytes (then refused at their row, not misread).

    Text in other encodings holds valid multi-byte UTF-8 sequences only by chance, so many
    of them against few invalid bytes is UTF-8.
    """
    text = sample.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    if not broken:
        return True
    wide = sum(1 for ch in text if ord(ch) > 127) - broken
    return wide >= 8 and wide >= 3 * broken


def file_encoding(path: str | os.PathLike[str]) -> str | None:
    """`detect_encoding` of a whole-file sample of the file at `path`."""
    with open(path, "rb") as fh:
        return detect_encoding(whole_file_sample(fh, os.fstat(fh.fileno()).st_size))


class UndecodableError(Exception):
    """Bytes that are not text in the encoding chosen for the file; `offset` is the byte."""

    def __init__(self, encoding: str, offset: int) -> None:
        self.encoding = encoding
        self.offset = offset


MAX_LINE_BYTES = 1 << 20  # a line past this is no invoice line: refused, not parsed


def _check_line(raw: bytes) -> None:
    if len(raw) > MAX_LINE_BYTES:
        raise ValueError(f"a line is longer than {MAX_LINE_BYTES >> 20} MB: not an invoice line")


def decoded_lines(
    fh: IO[bytes], encoding: str | None, decided: Callable[[str], None]
) -> Iterator[str]:
    """The file's lines as text, streamed. `encoding` None: plain ASCII so far, undecided.

    Splitting bytes on b"\\n" is safe for every candidate encoding: none uses that byte
    inside a multi-byte character.
    """
    if encoding is None:
        for raw in fh:
            _check_line(raw)
            if raw.isascii():
                yield raw.decode("ascii")
                continue
            try:
                text = raw.decode("utf-8")
                encoding = "utf-8"
            except UnicodeDecodeError:
                encoding = "gb18030"
                text = ""
            decided(encoding)
            if not text:
                try:
                    text = raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    raise UndecodableError(encoding, fh.tell() - len(raw) + exc.start) from exc
            yield text
            break
        else:
            return
    for raw in fh:
        _check_line(raw)
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableError(encoding, fh.tell() - len(raw) + exc.start) from exc


def undecodable_message(exc: UndecodableError | UnicodeDecodeError) -> str:
    """Why the text could not be read, and what to do about it."""
    where = f" (byte {exc.offset})" if isinstance(exc, UndecodableError) else ""
    return (
        f"the text is not {label(exc.encoding)}{where}; choose its encoding (--encoding, or "
        "on the upload page), or save the file as UTF-8, and import it again"
    )
