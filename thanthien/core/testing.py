"""Helpers the tests of several apps share: real files built in memory."""

from io import BytesIO

import openpyxl


def xlsx_file(*rows) -> BytesIO:
    """Return a real XLSX file holding `rows`, the first being the header."""
    workbook = openpyxl.Workbook()
    for cells in rows:
        workbook.active.append(list(cells))
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
