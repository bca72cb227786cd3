"""Findings (and facts) of many cards: from the cache where an entry still answers, judged
again otherwise, in worker processes past a threshold. ``check``, ``list`` and the board all
get their cards' results here.

What is trusted, precisely (an entry answers only when every line holds):

1. The code, the card's template and gitban's validation config are the ones it was judged
   with (``inputs.inputs_digest``; the template is chosen again for every card, as its lock
   file or front matter may have changed).
2. The card's bytes are the ones it was judged from. Its stamp (size, mtime, ctime, inode,
   device) unchanged, and the entry not racy (``cache.RACY_NS``), vouches for that without
   reading; otherwise the file is read and its SHA-256 decides. A stamp is always taken before
   the bytes are read, so a write in between leaves an older stamp and is caught next time.
3. The names of the cards in its folder resolve its words as they did (``links_digest``): the
   folder's names unchanged, or the card read again and its resolving words the same.
4. Today is before the first date written in the card after the day it was judged
   (``inputs.valid_before``): the only rule that reads the date compares it with the card's own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Generator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..parse import parse_read
from ..store import CardReadError, CardText, read_card
from ..template import Template, template_for
from ..validate import folder_stems, validate
from .cache import Cache, Entry
from .facts import card_facts
from .findings import finding_dict
from .inputs import LinkIndex, inputs_digest, links_digest, stems_digest, template_digest
from .inputs import valid_before as first_later_date
from .parent_watch import end_with
from .row import CardFacts
from .stamp import Stamp, stamp_of

PARALLEL_THRESHOLD = 50
"""More cards than this to judge and the work is spread over worker processes."""
MAX_CHUNK = 50
"""Cards a worker process is handed at a time."""
STOP_POLL_SECONDS = 0.1
"""How often a caller's ``stop`` is asked while a chunk is being read."""


@dataclass(frozen=True, slots=True)
class CardResult:
    path: str
    """As given."""
    findings: tuple[dict[str, Any], ...] = ()
    """``findings.finding_dict`` of each, in line order."""
    facts: CardFacts | None = None
    """Set when facts were asked for and the card could be read."""
    error: str = ""
    """The card could not be read (or judged): one line that names it."""
    cached: bool = False


@dataclass(frozen=True, slots=True)
class _Job:
    path: str
    abspath: str
    stamp: Stamp | None
    override: str | None
    folder: str
    template: str = ""
    """The digest of the template the main process chose (its key in ``_TEMPLATES``); "" when
    the card had no cache entry to compare with, and the worker chooses it."""


@dataclass(frozen=True, slots=True)
class _Judged:
    job: _Job
    read_ns: int = 0
    sha256: str = ""
    inputs: str = ""
    """``inputs_digest`` of the template the card was judged against."""
    findings: tuple[dict[str, Any], ...] = ()
    facts: CardFacts | None = None
    links: str = ""
    valid_before: str = ""
    error: str = ""


# The templates the main process chose (to compare a cache entry with): a forked worker judging
# such a card finds its template here. Every other card's template is chosen by its worker.
_TEMPLATES: dict[str, Template] = {}
_LINK_INDEXES: dict[tuple[str, str], LinkIndex] = {}


def _link_index(folder: str, stems: frozenset[str], digest: str) -> LinkIndex:
    index = _LINK_INDEXES.get((folder, digest))
    if index is None:
        index = _LINK_INDEXES[folder, digest] = LinkIndex(stems)
    return index


class TemplateUnreadable(Exception):
    """The template a card asks for cannot be read; the message is one line naming the card."""


def _choose(path: str, override: str | None, text: str | None = None) -> Template:
    """The card's template; ``text``, the card's when it has been read, saves reading its head
    again for its front matter."""
    try:
        return template_for(path, override, text=text)
    except (OSError, CardReadError) as e:
        why = str(e) if isinstance(e, CardReadError) else (e.strerror or str(e)).lower()
        raise TemplateUnreadable(f"{path}: cannot read its template ({why})") from None


Folder = tuple[frozenset[str], str]
"""The names of the cards in a folder (lower case stems), and their digest."""


def _judge(job: _Job, folder: Folder, today: date, want_facts: bool) -> _Judged:
    stems, digest = folder
    read_ns = time.time_ns()
    text: CardText = read_card(job.path)
    card = parse_read(text, keep_text=False)  # read by the rules (and the facts) and let go
    front_matter = card.pieces[0]  # what _choose reads of a card: the first section has it
    template = _TEMPLATES.get(job.template) or _choose(job.path, job.override, front_matter)
    # the facts read every section again: without them, nothing reads the card after the rules
    found = validate(
        card, template, path=job.path, stems=stems, today=today, keep_fields=want_facts
    )
    facts = card_facts(job.path, card, template, found) if want_facts else None
    return _Judged(
        job,
        read_ns=read_ns,
        sha256=text.sha256,
        inputs=inputs_digest(template, job.path),
        findings=tuple(finding_dict(f) for f in found),
        facts=facts,
        links=links_digest(card.pieces, _link_index(job.folder, stems, digest)),
        valid_before=first_later_date(card.pieces, today),
    )


def _judge_chunk(
    jobs: Sequence[_Job], folders: Mapping[str, Folder], today: date, want_facts: bool
) -> list[_Judged]:
    """Judge some cards; run in a worker process, so everything returned is plain data."""
    out: list[_Judged] = []
    for job in jobs:
        try:
            out.append(_judge(job, folders[job.folder], today, want_facts))
        except (CardReadError, TemplateUnreadable) as e:
            out.append(_Judged(job, error=str(e)))
        except Exception as e:  # a bug on one card must not hide the findings of a thousand
            why = f"internal error: {type(e).__name__}: {e}".splitlines()[0]
            out.append(_Judged(job, error=f"{job.path}: {why} (please report it)"))
    return out


class Judge:
    """Results for cards, through ``cache`` (None: judge every card). ``want_facts``: also
    summarise each card for its board row. ``start_method``: how worker processes start;
    ``fork`` (the default on Linux) hands them the loaded core and templates for free, but a
    process with threads running (a Textual app) should ask for ``forkserver`` or ``spawn``."""

    def __init__(
        self,
        *,
        override: str | None = None,
        cache: Cache | None = None,
        today: date | None = None,
        want_facts: bool = False,
        workers: int | None = None,
        start_method: str | None = None,
    ) -> None:
        self.override = override
        self.cache = cache
        self.today = today or date.today()
        self.want_facts = want_facts
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
        default = "fork" if sys.platform.startswith("linux") else None
        self.start_method = start_method or default
        self._folders: dict[str, Folder] = {}

    def results(
        self,
        paths: Sequence[str],
        stamps: Mapping[str, Stamp | None] | None = None,
        *,
        stop: Callable[[], bool] = lambda: False,
    ) -> Generator[CardResult, None, None]:
        """A result per path: the ones the cache answers first, in the order given, then the
        ones judged, as they come. ``stamps`` (from a scan) saves a stat per card. ``stop``,
        asked while waiting for worker processes: True ends the results there (the board
        closing does not wait for a chunk of cards still being read)."""
        todo: list[_Job] = []
        for path in paths:
            stamp = stamps[path] if stamps is not None and path in stamps else stamp_of(path)
            abspath = os.path.abspath(path)
            job = _Job(path, abspath, stamp, self.override, os.path.dirname(abspath))
            entry = self._entry(job)
            if entry is None:  # nothing to compare with: the template is chosen where it is used
                todo.append(job)
                continue
            try:
                template = _choose(path, self.override)
            except TemplateUnreadable as e:
                yield CardResult(path, error=str(e))
                continue
            job = replace(job, template=template_digest(template))
            _TEMPLATES.setdefault(job.template, template)
            if self._answers(job, entry, inputs_digest(template, path)):
                yield CardResult(path, entry.findings, entry.facts, cached=True)
            else:
                todo.append(job)
        with contextlib.closing(self._judge_all(todo, stop)) as judged_all:
            for judged in judged_all:
                yield self._record(judged)

    # -- the folders -----------------------------------------------------------------------

    def _folder(self, folder: str) -> Folder:
        """The names of the cards in ``folder``, listed once a run."""
        known = self._folders.get(folder)
        if known is None:
            stems = folder_stems(Path(folder))
            known = self._folders[folder] = (stems, stems_digest(stems))
        return known

    # -- the cache -------------------------------------------------------------------------

    def _entry(self, job: _Job) -> Entry | None:
        """The card's cache entry, if it has one that may still answer for it."""
        if self.cache is None or job.stamp is None:
            return None
        entry = self.cache.load(job.abspath)
        if entry is None or (self.want_facts and entry.facts is None):
            return None
        if entry.valid_before and self.today.isoformat() >= entry.valid_before:
            return None
        return entry

    def _answers(self, job: _Job, entry: Entry, inputs: str) -> bool:
        """Whether ``entry`` still answers for the card (the module's four rules); an entry
        vouched for again by reading the card is stored with its new stamp, so the next run
        need not read it."""
        assert self.cache is not None and job.stamp is not None
        if entry.inputs != inputs:
            return False
        fresh, text = entry, None
        if job.stamp != entry.stamp or entry.racy:
            read_ns = time.time_ns()
            text = self._same_bytes(job.path, entry.sha256)
            if text is None:
                return False
            fresh = replace(fresh, stamp=job.stamp, read_ns=read_ns)
        stems, digest = self._folder(job.folder)
        if entry.stems != digest:
            text = text if text is not None else self._same_bytes(job.path, entry.sha256)
            index = _link_index(job.folder, stems, digest)
            if text is None or links_digest(text, index) != entry.links:
                return False
            fresh = replace(fresh, stems=digest)
        if fresh is not entry:
            self.cache.store(fresh)
        return True

    @staticmethod
    def _same_bytes(path: str, sha256: str) -> str | None:
        """The card's text when its bytes still hash to ``sha256``, else None."""
        try:
            text = read_card(path)
        except CardReadError:
            return None  # judging it will say why
        return text.text if text.sha256 == sha256 else None

    def _record(self, judged: _Judged) -> CardResult:
        job = judged.job
        if judged.error:
            facts = CardFacts(problem=judged.error) if self.want_facts else None
            return CardResult(job.path, facts=facts, error=judged.error)
        if self.cache is not None and job.stamp is not None:
            self.cache.store(
                Entry(
                    path=job.abspath,
                    stamp=job.stamp,
                    read_ns=judged.read_ns,
                    sha256=judged.sha256,
                    inputs=judged.inputs,
                    stems=self._folder(job.folder)[1],
                    links=judged.links,
                    valid_before=judged.valid_before,
                    findings=judged.findings,
                    facts=judged.facts,
                )
            )
        return CardResult(job.path, judged.findings, judged.facts)

    # -- judging ---------------------------------------------------------------------------

    def _judge_all(
        self, jobs: list[_Job], stop: Callable[[], bool]
    ) -> Generator[_Judged, None, None]:
        if not jobs:
            return
        folders = {job.folder: self._folder(job.folder) for job in jobs}
        if len(jobs) <= PARALLEL_THRESHOLD or self.workers < 2:
            yield from _judge_chunk(jobs, folders, self.today, self.want_facts)
            return
        # a few chunks per worker evens out slow cards; small ones leave little to wait for
        # when the caller stops early
        size = min(-(-len(jobs) // (self.workers * 4)), MAX_CHUNK)
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        context = multiprocessing.get_context(self.start_method)
        # the workers leave with this process: a quit while they read leaves none behind
        pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=end_with, initargs=(os.getpid(),)
        )
        try:
            futures = [
                pool.submit(
                    _judge_chunk,
                    chunk,
                    {job.folder: folders[job.folder] for job in chunk},
                    self.today,
                    self.want_facts,
                )
                for chunk in chunks
            ]
            for future in futures:  # in submission order: a caller sorting by path waits least
                while True:
                    try:
                        judged = future.result(timeout=STOP_POLL_SECONDS)
                        break
                    except TimeoutError:
                        if stop():
                            return
                yield from judged
        finally:
            # a caller that stops reading (the board closing) does not wait for the chunks
            # not yet started; the ones under way end on their own
            pool.shutdown(wait=False, cancel_futures=True)
