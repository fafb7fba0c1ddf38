"""A zip archive compressed once and copied many times with a few short texts filled in.

Why not zipfile: zipfile can only write a member by deflating it, and deflating a ~500 KB workbook 342
times is most of the time `generate` would take. Here every member is deflated once, when the
`FillableZip` is made; a copy only concatenates bytes that are already compressed and writes the zip
structures (local headers, central directory) around them, which is a few hundred bytes of struct.pack.

How a member with gaps is copied without deflating it again. A deflate stream is a sequence of blocks; a
compressor flushed with Z_SYNC_FLUSH ends its output on a byte boundary without marking its last block as
final, so the output of independent compressors can simply be concatenated into one valid stream (what
pigz does to compress in parallel). So the text between two gaps is deflated once, on its own and
sync-flushed; the last piece is finished (final block). A copy puts each gap's value between them as a
"stored" block (deflate's uncompressed block type: a header byte, its length and the length's complement,
then the bytes as they are), which costs nothing to make and keeps the stream byte-aligned. Only the
CRC-32 of the whole member has to be computed per copy, over its uncompressed bytes.

The result is a plain zip (no data descriptors, no zip64, fixed 1980-01-01 timestamps) that Excel,
LibreOffice, openpyxl, calamine and zipfile read; the same members and values give the same bytes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LEVEL = 6  # zlib's default, as zipfile and xlsxwriter use
DOS_TIME, DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00, the earliest a zip can say: reproducible
VERSION = 20  # "2.0": deflate; made by MS-DOS (host 0), as Excel writes its own files
UTF8_NAME = 0x0800  # general purpose flag bit 11: the member name is UTF-8
STORED_BLOCK_MAX = 0xFFFF  # a stored block holds at most 65,535 bytes
ZIP32_MAX = 0xFFFFFFFF
DEFLATE_METHOD = 8

LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")
END_OF_CENTRAL_DIRECTORY = struct.Struct("<IHHHHIIH")


def read_members(data: bytes) -> dict[str, bytes]:
    """The members of a zip, uncompressed, in the archive's order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def deflate_piece(data: bytes, *, final: bool) -> bytes:
    """Raw deflate of data on its own: sync-flushed (byte-aligned, not final) so more blocks may follow, or
    finished when it is the member's last piece."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_SYNC_FLUSH)


def stored_blocks(data: bytes) -> bytes:
    """data as non-final stored deflate blocks. Each starts with the byte 0x00: BFINAL=0 and BTYPE=00 in its
    low three bits, the other five the padding to the byte boundary a stored block requires; then LEN and
    NLEN (its one's complement), little-endian. Written only where the stream is already byte-aligned."""
    blocks = []
    for start in range(0, len(data), STORED_BLOCK_MAX):
        chunk = data[start:start + STORED_BLOCK_MAX]
        blocks.append(b"\x00" + struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF) + chunk)
    return b"".join(blocks)


@dataclass(frozen=True)
class Member:
    """One member of the archive: its texts between the gaps (uncompressed and deflated) and the gaps' keys.

    A member without gaps has one piece and no keys; its compressed data and CRC never change."""

    name: bytes
    pieces: tuple[bytes, ...]
    deflated: tuple[bytes, ...]
    keys: tuple[str, ...]

    @property
    def flags(self) -> int:
        return UTF8_NAME if not self.name.isascii() else 0

    def content(self, values: Mapping[str, bytes]) -> tuple[bytes, int, int]:
        """This copy's compressed data, CRC-32 and uncompressed size."""
        if not self.keys:
            return self.deflated[0], zlib.crc32(self.pieces[0]), len(self.pieces[0])
        data, crc, size = [self.deflated[0]], zlib.crc32(self.pieces[0]), len(self.pieces[0])
        for key, piece, deflated in zip(self.keys, self.pieces[1:], self.deflated[1:], strict=True):
            value = values[key]
            data += (stored_blocks(value), deflated)
            crc = zlib.crc32(piece, zlib.crc32(value, crc))
            size += len(value) + len(piece)
        return b"".join(data), crc, size


def split_member(name: str, content: bytes, gaps: re.Pattern[bytes] | None, key_of: Mapping[bytes, str]) -> Member:
    """The member cut at every gap (none without a pattern), each piece deflated once."""
    pieces, keys, start = [], [], 0
    for match in gaps.finditer(content) if gaps else ():
        pieces.append(content[start:match.start()])
        keys.append(key_of[match.group(0)])
        start = match.end()
    pieces.append(content[start:])
    deflated = tuple(deflate_piece(p, final=i == len(pieces) - 1) for i, p in enumerate(pieces))
    return Member(name.encode("utf-8"), tuple(pieces), deflated, tuple(keys))


class FillableZip:
    """Members given once, in order; `fill(values)` is the zip with every gap replaced by its value.

    gaps maps a key to the literal bytes that mark its gap wherever they occur in a member."""

    def __init__(self, members: Iterable[tuple[str, bytes]], gaps: Mapping[str, bytes]):
        key_of = {marker: key for key, marker in gaps.items()}
        pattern = re.compile(b"|".join(re.escape(marker) for marker in key_of)) if key_of else None
        self.keys = frozenset(gaps)
        self.members = [split_member(name, content, pattern, key_of) for name, content in members]
        # Members without gaps have the same local record in every copy: made once.
        self._fixed: dict[int, tuple[bytes, bytes, int, int]] = {}
        for index, member in enumerate(self.members):
            if not member.keys:
                data, crc, size = member.content({})
                self._fixed[index] = (local_record(member, data, crc, size), data, crc, size)

    @property
    def filled_members(self) -> list[str]:
        """The names of the members a copy changes (those with at least one gap)."""
        return [m.name.decode("utf-8") for m in self.members if m.keys]

    def fill(self, values: Mapping[str, bytes]) -> bytes:
        """The archive with each gap's value in it (every key of gaps must have a value)."""
        missing = self.keys - set(values)
        if missing:
            raise KeyError(f"no value for the gaps {sorted(missing)}")
        records, central, offset = [], [], 0
        for index, member in enumerate(self.members):
            if index in self._fixed:
                record, data, crc, size = self._fixed[index]
            else:
                data, crc, size = member.content(values)
                record = local_record(member, data, crc, size)
            central.append(central_record(member, data, crc, size, offset))
            records.append(record)
            offset += len(record)
        directory = b"".join(central)
        end = END_OF_CENTRAL_DIRECTORY.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
        if offset > ZIP32_MAX:
            raise ValueError("archive too large for a zip without zip64")
        return b"".join(records) + directory + end


def local_record(member: Member, data: bytes, crc: int, size: int) -> bytes:
    """The member's local file header, name and compressed data."""
    if max(size, len(data)) > ZIP32_MAX:
        raise ValueError(f"member {member.name!r} too large for a zip without zip64")
    header = LOCAL_HEADER.pack(0x04034B50, VERSION, member.flags, DEFLATE_METHOD, DOS_TIME, DOS_DATE,
                               crc, len(data), size, len(member.name), 0)
    return header + member.name + data


def central_record(member: Member, data: bytes, crc: int, size: int, offset: int) -> bytes:
    """The member's central directory entry: the same facts as its local header, plus where that header is."""
    header = CENTRAL_HEADER.pack(0x02014B50, VERSION, VERSION, member.flags, DEFLATE_METHOD, DOS_TIME, DOS_DATE,
                                 crc, len(data), size, len(member.name), 0, 0, 0, 0, 0, offset)
    return header + member.name
