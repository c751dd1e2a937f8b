"""Reading scanned files in worker processes, for ``daihoi count scan`` on more than one core.

Reading a page (decode, register, score, decide) depends on nothing but the page and the
election, so worker processes can do it side by side. Everything that depends on the order of
the batch (the journal, duplicates, crops, the count) stays in the parent process: results come
back in the order the files were given, and the parent journals each page before taking the
next. A page still being read when the batch is interrupted was never journalled, so it is read
again when the batch is resumed: no page is counted twice or lost.

Workers ignore Ctrl-C (the parent stops them after its current page) and leave by themselves
when the parent is killed.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path
from types import TracebackType

import cv2

from daihoi.engine.election import Election
from daihoi.scan.ballots import printed_ballot
from daihoi.scan.decide import PageStatus
from daihoi.scan.images import UnreadableFile, read_pages
from daihoi.scan.reader import PageResult, read_page
from daihoi.scan.seal import SealModel

# Below this many files, starting worker processes (about half a second each) does not pay.
POOL_MIN_FILES = 12
MAX_WORKERS = 8


@dataclass(frozen=True)
class FileJob:
    """One input file to read: its bytes, their SHA-256, and the pages already journalled."""

    source: str
    data: bytes
    sha256: str
    done: frozenset[int]  # pages already in the journal: not read again
    error: str | None = None  # the file itself could not be read (the message, in Vietnamese)
    cached: bool = False  # every page is in the journal: nothing to read (``data`` is empty)


@dataclass(frozen=True)
class PageOutcome:
    page: int
    result: PageResult | None  # None for an unreadable file
    unreadable: UnreadableFile | None = None


@dataclass(frozen=True)
class FileOutcome:
    count: int  # pages found in the file (unreadable: 1)
    pages: tuple[PageOutcome, ...]


def read_file(
    job: FileJob, election: Election, want_images: bool, seal_model: SealModel | None = None
) -> FileOutcome:
    """Read every page of ``job`` not yet journalled.

    The registered images are kept only for pages sent to review when crops are wanted (they
    are the size of the page); the scores are never needed after deciding.
    """
    if job.error is not None or job.cached:
        return FileOutcome(0, ())
    pages: list[PageOutcome] = []
    count = 0
    for item in read_pages(Path(job.source), job.data):
        count += 1
        if item.page in job.done:
            continue
        if isinstance(item, UnreadableFile):
            pages.append(PageOutcome(item.page, None, item))
            continue
        result = read_page(item, election, seal_model)
        keep = want_images and result.reading.status is PageStatus.REVIEW
        pages.append(
            PageOutcome(
                item.page, replace(result, images=result.images if keep else None, scores=None)
            )
        )
    return FileOutcome(count, tuple(pages))


def default_workers(files: int) -> int:
    """One worker per core for a batch big enough to repay starting them; else none (1)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    if cores < 2 or files < POOL_MIN_FILES:
        return 1
    return min(cores, MAX_WORKERS)


class PageReaders:
    """Reads files in ``workers`` processes (or in this one when ``workers`` is 1), in order."""

    def __init__(
        self, election: Election, workers: int, seal_model: SealModel | None = None
    ) -> None:
        self.election = election
        self.seal_model = seal_model
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self._pool = ProcessPoolExecutor(
                max_workers=workers,
                # A fresh interpreter: the parent may run threads (the progress display), and
                # forking a process with threads can leave a lock held in the child.
                mp_context=get_context("spawn"),
                initializer=_start_worker,
                initargs=(election, os.getpid(), seal_model),
            )

    def __enter__(self) -> PageReaders:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            # Pages not yet started are dropped (they were never journalled); the workers end
            # after the page they are on.
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def read(
        self, jobs: Iterable[FileJob], *, want_images: bool
    ) -> Iterator[tuple[FileJob, FileOutcome]]:
        """Each job with what was read in it, in the order of ``jobs``."""
        pool = self._pool
        if pool is None:
            for job in jobs:
                yield job, read_file(job, self.election, want_images, self.seal_model)
            return
        # A few files ahead of the one being journalled keep every worker busy without holding
        # the whole batch in memory.
        window = 2 * self.workers + 2
        pending: deque[tuple[FileJob, Future[FileOutcome]]] = deque()
        queue = iter(jobs)
        while True:
            while len(pending) < window:
                nxt = next(queue, None)
                if nxt is None:
                    break
                if nxt.cached or nxt.error is not None:  # nothing to read: no round trip
                    done: Future[FileOutcome] = Future()
                    done.set_result(FileOutcome(0, ()))
                    pending.append((nxt, done))
                else:
                    pending.append((nxt, pool.submit(_work, nxt, want_images)))
            if not pending:
                return
            job, future = pending.popleft()
            yield job, future.result()


_ELECTION: list[Election] = []
_SEAL: list[SealModel | None] = [None]


def _start_worker(election: Election, parent: int, seal_model: SealModel | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    cv2.setNumThreads(1)  # one process per core already
    _ELECTION[:] = [election]
    _SEAL[:] = [seal_model]
    printed_ballot(election)  # the blank ballot, once per worker
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Leave when the parent is gone (killed: nobody would take this worker's readings)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


def _work(job: FileJob, want_images: bool) -> FileOutcome:
    return read_file(job, _ELECTION[0], want_images, _SEAL[0])
