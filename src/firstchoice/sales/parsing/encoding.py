"""The text encoding of a CSV file, and its lines decoded as they stream."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from typing import IO


class UndecodableError(Exception):
    """Bytes that are not text in the encoding chosen for the file; `offset` is the byte."""

    def __init__(self, encoding: str, offset: int) -> None:
        self.encoding = encoding
        self.offset = offset


def decoded_lines(
    fh: IO[bytes], encoding: str | None, decided: Callable[[str], None]
) -> Iterator[str]:
    """The file's lines as text, streamed. `encoding` None: plain ASCII so far, undecided.

    Splitting bytes on b"\\n" is safe for UTF-8 and GB18030: neither uses that byte inside a
    multi-byte character.
    """
    if encoding is None:
        for raw in fh:
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
        try:
            yield raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise UndecodableError(encoding, fh.tell() - len(raw) + exc.start) from exc


def sniff_encoding(sample: bytes) -> str | None:
    """The encoding of a file from its first bytes: a BOM, else UTF-8, else GB18030.

    None while the sample is plain ASCII: `decoded_lines` decides at the first non-ASCII line.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.isascii():
        return None
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def undecodable_message(exc: UndecodableError | UnicodeDecodeError) -> str:
    """Why the text could not be read, and what to do about it."""
    used = exc.encoding.lower()
    # GB18030 is only tried after UTF-8 failed, so such text is neither.
    what = "neither UTF-8 nor GB18030" if used == "gb18030" else f"not {used.upper()}"
    where = f" (byte {exc.offset})" if isinstance(exc, UndecodableError) else ""
    return f"the text is {what}{where}; save the file as UTF-8 and import it again"
