"""The cache of findings and summaries, one small JSON file per card under
``$XDG_CACHE_HOME/perfcard-tui/cards/`` (default ``~/.cache``).

An entry is named by a hash of the card's absolute path and holds what the card was judged from
(its stamp, the time it was read, the hash of its bytes, the digests of ``inputs``) beside what
was found. ``results`` decides whether an entry still answers; this module only keeps entries,
and keeps the promise that the cache never changes a result:

* Writing is atomic: a temp file beside the entry, renamed over it, so two ``check`` runs at
  once each leave a whole entry (the last one wins) and a reader never sees half of one.
* Anything that does not read back as an entry (garbage, a truncated file, another shape) is a
  miss, and its card is judged again and its entry rewritten.
* A cache folder that cannot be made, read or written is given up on for the run.

The first problem of a run is kept in ``warning``, for the command to print once on stderr.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .findings import finding_dict_ok
from .row import CardFacts
from .stamp import Stamp

FORMAT = 1
RACY_NS = 2_000_000_000
"""A file modified less than this before it was read may be written again within the same
timestamp tick (2 s: FAT's granularity, and far above ext4's or APFS's) without its stamp
changing; such an entry is trusted only after hashing the file again."""


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/perfcard-tui`` (``~/.cache`` when unset or not absolute, as the XDG
    spec says)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "perfcard-tui"


@dataclass(frozen=True, slots=True)
class Entry:
    path: str
    """The card's absolute path."""
    stamp: Stamp
    """Taken before the bytes were read."""
    read_ns: int
    """When the bytes were read (wall clock, taken before reading)."""
    sha256: str
    inputs: str
    """``inputs.inputs_digest``: code, template, config."""
    stems: str
    """``inputs.stems_digest`` of the card's folder when it was judged."""
    links: str
    """``inputs.links_digest``: the card's words that resolved to a card then."""
    valid_before: str
    """``inputs.valid_before``: "" or the first day the findings may differ."""
    findings: tuple[dict[str, Any], ...]
    facts: CardFacts | None
    """None when the card was only checked (``check``), not summarised (``list``, the board)."""

    @property
    def racy(self) -> bool:
        """The file was modified too close to its reading for its stamp to vouch for it."""
        newest = max(self.stamp.mtime_ns, self.stamp.ctime_ns)
        return newest >= self.read_ns - RACY_NS

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "path": self.path,
            "stamp": self.stamp.as_list(),
            "read_ns": self.read_ns,
            "sha256": self.sha256,
            "inputs": self.inputs,
            "stems": self.stems,
            "links": self.links,
            "valid_before": self.valid_before,
            "findings": list(self.findings),
            "facts": None if self.facts is None else self.facts.to_json(),
        }

    @classmethod
    def from_json(cls, data: object, path: str) -> Entry | None:
        """The entry for ``path`` in ``data``, None when it is not one (another format, another
        path whose name hashed the same, anything damaged)."""
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("path") != path:
            return None
        stamp = Stamp.from_list(data.get("stamp"))
        texts = [data.get(k) for k in ("sha256", "inputs", "stems", "links", "valid_before")]
        read_ns, findings, raw_facts = data.get("read_ns"), data.get("findings"), data.get("facts")
        if stamp is None or type(read_ns) is not int or not all(isinstance(t, str) for t in texts):
            return None
        if not isinstance(findings, list) or not all(finding_dict_ok(f) for f in findings):
            return None
        facts = None if raw_facts is None else CardFacts.from_json(raw_facts)
        if raw_facts is not None and facts is None:
            return None
        sha256, inputs, stems, links, valid_before = (str(t) for t in texts)
        return cls(
            path, stamp, read_ns, sha256, inputs, stems, links, valid_before, tuple(findings), facts
        )


class Cache:
    """Entries under ``folder`` (default ``cache_folder()/cards``)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or cache_folder() / "cards"
        self.warning: str | None = None
        self._writable = True
        self._readable = True

    def _note(self, problem: str) -> None:
        if self.warning is None:
            self.warning = f"cache {self.folder}: {problem}"

    def _file(self, path: str) -> Path:
        key = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / key[:2] / f"{key}.json"

    def load(self, path: str) -> Entry | None:
        """The entry of the card at absolute ``path``, or None (no entry, or not a usable one)."""
        if not self._readable:
            return None
        try:
            data = self._file(path).read_bytes()
        except FileNotFoundError:
            return None
        except NotADirectoryError:  # a file where the cache folder should be
            self._readable = False
            self._note("is not a folder; going on without it")
            return None
        except OSError as e:
            self._readable = False
            self._note(f"cannot be read ({_why(e)}); going on without it")
            return None
        try:
            entry = Entry.from_json(json.loads(data), path)
        except (ValueError, RecursionError):
            entry = None
        if entry is None:
            self._note(f"the entry of {path} was damaged: the card is judged again")
        return entry

    def store(self, entry: Entry) -> None:
        """Write ``entry`` atomically; the first failure stops writing for the run."""
        if not self._writable:
            return
        target = self._file(entry.path)
        data = json.dumps(entry.to_json(), ensure_ascii=False, separators=(",", ":"))
        temp = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(data.encode("utf-8", "surrogatepass"))
            os.replace(temp, target)
        except OSError as e:
            self._writable = False
            self._note(f"cannot be written ({_why(e)}); going on without it")
            with contextlib.suppress(OSError):
                temp.unlink()


def _why(e: OSError) -> str:
    return (e.strerror or str(e)).lower()
