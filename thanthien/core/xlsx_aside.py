"""The rows of a workbook's first sheet, read here or in a child process while this one works on them.

openpyxl parses a sheet in Python: in a 100,000-row dossier import it took half the time, and checking the
rows the other half, one after the other in one process. Read in a child process, the two run at once on two
cores. The child is spawned (a new interpreter that imports this module and openpyxl, none of the parent's
connections, threads or state) and hands the rows over in batches through a bounded queue, so memory stays
bounded: at most QUEUED batches wait. It reads with `sheet_rows`, the same call as in-process, so a file
gives the same values either way.

This module imports no Django and none of our apps: the child imports it alone.
"""

import multiprocessing
import queue
from collections.abc import Generator
from typing import IO, Any

import openpyxl

BATCH = 1000  # rows a batch
QUEUED = 8  # batches waiting at most
WAIT_SECONDS = 1.0  # between two looks at whether the child is still there


class UnreadableWorkbook(Exception):
    """The workbook could not be opened or read (in the child: its error, as text)."""


def sheet_rows(source: str | IO[bytes]) -> Generator[tuple[int, tuple[Any, ...]]]:
    """Yield (row number from 1, values) of the first sheet, read-only, cached values not formulas."""
    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read every row there is
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def rows_read_aside(path: str) -> Generator[tuple[int, tuple[Any, ...]]]:
    """`sheet_rows(path)`, read by a child process. Raise UnreadableWorkbook if it cannot read the file or
    stops without finishing. Closing the generator early (a caller that has seen enough) ends the child."""
    context = multiprocessing.get_context("spawn")
    batches = context.Queue(maxsize=QUEUED)
    child = context.Process(target=_read_into, args=(path, batches), name="xlsx-reader")
    child.start()
    try:
        while (batch := _next_batch(batches, child)) is not None:
            yield from batch
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        batches.close()
        batches.cancel_join_thread()  # the parent put nothing: no feeder to wait for


def _next_batch(batches: Any, child: Any) -> list[tuple[int, tuple[Any, ...]]] | None:
    """The child's next batch; None at the end of the sheet."""
    while True:
        try:
            item = batches.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            if child.is_alive():
                continue
            try:  # it may have put its last batch just before it ended
                item = batches.get(timeout=WAIT_SECONDS)
            except queue.Empty:
                raise UnreadableWorkbook(f"the reader ended with {child.exitcode}") from None
        if isinstance(item, UnreadableWorkbook):
            raise item
        return item


def _read_into(path: str, batches: Any) -> None:
    """In the child: put the sheet's rows in batches, then None; or the error."""
    try:
        batch = []
        for row in sheet_rows(path):
            batch.append(row)
            if len(batch) >= BATCH:
                batches.put(batch)
                batch = []
        if batch:
            batches.put(batch)
        batches.put(None)
    except Exception as exc:  # whatever fails to read the file: the parent says the file is unreadable
        batches.put(UnreadableWorkbook(f"{type(exc).__name__}: {exc}"))
