"""A workbook's rows read by a child process are the rows read in this one, and the child never outlives
its reader."""

import multiprocessing
from datetime import date, datetime

import openpyxl
import pytest

from thanthien.core import xlsx_aside


def _workbook(path, rows: int) -> str:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Mã hồ sơ", "Họ và tên", "Ngày nhận", "Hẹn trả", "Số", "Tỉ lệ", "Trống"])
    for number in range(1, rows + 1):
        received = datetime(2026, 2, 10, 8, number % 60)  # noqa: DTZ001 — Excel's dates have no zone
        sheet.append(
            [f"H56-{number}", f"Nguyễn Thị Ánh {number}", received, date(2026, 2, 13), number, 0.5, None]
        )
    sheet.append([])  # an empty row in the middle, then one more
    sheet.append(["H56-END", "Trần Văn Đức", "10/02/2026", None, 912345678, None, None])
    workbook.save(path)
    return str(path)


def test_the_rows_read_aside_are_the_rows_read_here(tmp_path):
    path = _workbook(tmp_path / "ho-so.xlsx", rows=2 * xlsx_aside.BATCH + 7)  # three batches, the last short

    aside = list(xlsx_aside.rows_read_aside(path))

    assert aside == list(xlsx_aside.sheet_rows(path))
    assert len(aside) == 2 * xlsx_aside.BATCH + 10  # the header, the rows, the empty one, the last
    naive = datetime(2026, 2, 10, 8, 1), datetime(2026, 2, 13)  # noqa: DTZ001 — as Excel's cells hold them
    assert aside[1] == (2, ("H56-1", "Nguyễn Thị Ánh 1", *naive, 1, 0.5))  # the empty last column: trimmed
    assert not multiprocessing.active_children()


def test_a_file_the_child_cannot_read_is_unreadable(tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"PK\x03\x04 not a zip archive")

    with pytest.raises(xlsx_aside.UnreadableWorkbook, match="BadZipFile"):
        list(xlsx_aside.rows_read_aside(str(path)))
    assert not multiprocessing.active_children()


def test_a_reader_that_stops_early_ends_the_child(tmp_path):
    path = _workbook(tmp_path / "ho-so.xlsx", rows=20 * xlsx_aside.BATCH)  # more than the queue holds
    rows = xlsx_aside.rows_read_aside(path)

    assert next(rows)[0] == 1
    rows.close()

    assert not multiprocessing.active_children()
