"""What a stat says about a file, as the cache compares it: enough to tell "surely unchanged"."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Stamp:
    """Size, modification and change times (ns), inode and device of a file.

    ``ctime`` cannot be set from user space: a tool that writes a file and puts its old mtime
    back (``cp -p``, ``rsync -t``, ``touch -d``) still moves it, and so does a rename over the
    file (a new inode too). Equal stamps therefore mean the same bytes, unless the file was
    written within the timestamps' granularity of being read (see ``cache.RACY_NS``).
    """

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int
    dev: int

    @classmethod
    def of(cls, st: os.stat_result) -> Stamp:
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)

    def as_list(self) -> list[int]:
        return [self.size, self.mtime_ns, self.ctime_ns, self.ino, self.dev]

    @classmethod
    def from_list(cls, values: object) -> Stamp | None:
        """The stamp a cache entry holds, or None when it is not five integers."""
        if not isinstance(values, list) or len(values) != 5:
            return None
        if not all(type(v) is int for v in values):
            return None
        return cls(*values)


def stamp_of(path: str) -> Stamp | None:
    """The file's stamp (through symlinks), None when it cannot be stat'ed."""
    try:
        return Stamp.of(os.stat(path))
    except OSError:
        return None
