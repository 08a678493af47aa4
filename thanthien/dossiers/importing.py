"""Import dossiers from the province's one-stop system: an XLSX or CSV file, checked whole, then written.

Columns are found by their header (case, diacritics and punctuation ignored; Vietnamese as the province
systems export them, or English), in a header row within the first rows of the file. Every row is checked:
the report lists each wrong row with its number and the reason. Nothing is written unless the file is
clean, or the caller asked to import only the good rows. The dossier code is the key: a code the commune
already has is skipped, so importing the same file twice changes nothing.

Memory stays bounded whatever the file size: rows are read one at a time (openpyxl read-only, csv), checked
into compact tuples that are spooled to a temporary file, and written inside one transaction. On PostgreSQL
they go with binary COPY straight into the dossiers and their events, the report counts added set-wise; in
the import's own transaction, each checked batch goes into the open COPY at once, the server writing while
the rest is checked (`_import_streamed`), and a file found wrong is rolled back whole.
"""

import contextlib
import csv
import dataclasses
import functools
import io
import itertools
import os
import pickle
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, NamedTuple

import openpyxl
import psycopg
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, reset_queries, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from thanthien.core import audit, xlsx_aside
from thanthien.core.calendars import default_calendar
from thanthien.core.kept_counts import counted_set_wise
from thanthien.core.models import AuditEvent
from thanthien.core.phones import normalise_phone
from thanthien.core.spreadsheets import (
    HEADER_SEARCH_ROWS,
    find_header,
    header_key,
    is_blank,
    unreadable_as_error,
)
from thanthien.core.text import fold_vietnamese
from thanthien.core.validation import (
    EARLIEST_DATE,
    LATEST_DATE,
    bad_character,
    bad_character_message,
    plausible_range_message,
)
from thanthien.core.workdays import WorkCalendar
from thanthien.dossiers import deadlines, hooks, intake, permissions
from thanthien.dossiers.models import Dossier, DossierEvent
from thanthien.procedures.models import Procedure
from thanthien.units.models import Unit, User

Status = Dossier.Status
Channel = Dossier.Channel

BATCH_SIZE = 2000
MAX_LISTED = 1000  # error and skipped lines kept for the report; every one is counted
CLOCK_SKEW = timedelta(minutes=5)
# From this size on, a workbook on disk is read by a child process while the rows are checked (about 15,000
# rows; below, starting the child, a third of a second, would cost more than it saves).
READ_ASIDE_BYTES = 1_000_000
CODE_MAX_LENGTH = Dossier._meta.get_field("code").max_length or 40
NAME_MAX_LENGTH = Dossier._meta.get_field("applicant_name").max_length or 150
ADDRESS_MAX_LENGTH = Dossier._meta.get_field("applicant_address").max_length or 255
DELIMITERS = ",;\t"  # a comma wins a tie
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise  # the template's header; its translation is recognised too
    is_required: bool
    aliases: frozenset[str]  # folded with header_key()
    help: Promise
    is_date: bool = False


COLUMNS = (
    Column(
        "code",
        gettext_lazy("Dossier code"),
        True,
        frozenset({"ma ho so", "so ho so", "ma so ho so", "so bien nhan", "code", "dossier code"}),
        gettext_lazy("The code given by the one-stop system; a code already imported is skipped."),
    ),
    Column(
        "procedure",
        gettext_lazy("Procedure code"),
        True,
        frozenset({"ma thu tuc", "ma thu tuc hanh chinh", "ma tthc", "procedure code", "procedure"}),
        gettext_lazy("The procedure's code in the catalogue, or its national code."),
    ),
    Column(
        "applicant",
        gettext_lazy("Applicant / dossier owner"),
        True,
        frozenset(
            {
                "nguoi nop",
                "chu ho so",
                "nguoi nop chu ho so",
                "ten nguoi nop",
                "ho ten nguoi nop",
                "ho va ten nguoi nop",
                "ten chu ho so",
                "applicant",
                "applicant name",
            }
        ),
        gettext_lazy("The applicant's full name."),
    ),
    Column(
        "phone",
        gettext_lazy("Phone number"),
        False,
        frozenset({"so dien thoai", "dien thoai", "sdt", "so dt", "phone", "phone number"}),
        gettext_lazy("Digits; +84 is read as 0."),
    ),
    Column(
        "address",
        gettext_lazy("Address"),
        False,
        frozenset({"dia chi", "dia chi nguoi nop", "dia chi chu ho so", "address"}),
        gettext_lazy("The applicant's address."),
    ),
    Column(
        "channel",
        gettext_lazy("Submission channel"),
        False,
        frozenset({"hinh thuc nop", "hinh thuc tiep nhan", "kenh nop", "kenh tiep nhan", "channel"}),
        gettext_lazy("One of: %(choices)s. Empty means in person."),
    ),
    Column(
        "received",
        gettext_lazy("Received on"),
        True,
        frozenset(
            {
                "ngay tiep nhan",
                "ngay nhan",
                "ngay nhan ho so",
                "thoi gian tiep nhan",
                "ngay gio tiep nhan",
                "received at",
                "received on",
                "received",
            }
        ),
        gettext_lazy("dd/mm/yyyy HH:MM; a date without an hour is taken as the office opening hour."),
        is_date=True,
    ),
    Column(
        "due",
        gettext_lazy("Promised return date"),
        False,
        frozenset(
            {
                "ngay hen tra",
                "ngay hen tra ket qua",
                "han tra ket qua",
                "han giai quyet",
                "due date",
                "due on",
                "promised return date",
            }
        ),
        gettext_lazy("dd/mm/yyyy; when empty it is computed from the procedure's time limit."),
        is_date=True,
    ),
    Column(
        "ready",
        gettext_lazy("Result date"),
        False,
        frozenset({"ngay co ket qua", "result date", "result ready at", "ready at", "ready on"}),
        gettext_lazy("dd/mm/yyyy or dd/mm/yyyy HH:MM: when the result was ready."),
        is_date=True,
    ),
    Column(
        "returned",
        gettext_lazy("Return date"),
        False,
        frozenset({"ngay tra ket qua", "ngay tra", "return date", "returned at", "returned on"}),
        gettext_lazy("dd/mm/yyyy or dd/mm/yyyy HH:MM: when the applicant received the result."),
        is_date=True,
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        False,
        frozenset({"trang thai", "tinh trang", "trang thai ho so", "status"}),
        gettext_lazy("One of: %(choices)s. Empty: taken from the dates."),
    ),
)

# Folded labels the province systems use; the model's own labels, in the current language, are added.
CHANNEL_WORDS: dict[str, set[str]] = {
    Channel.IN_PERSON: {"truc tiep", "nop truc tiep", "tai bo phan mot cua", "in person", "direct"},
    Channel.ONLINE: {"truc tuyen", "nop truc tuyen", "qua mang", "dich vu cong truc tuyen", "online"},
    Channel.POST: {"buu chinh", "qua buu chinh", "buu chinh cong ich", "dich vu buu chinh cong ich", "post"},
    Channel.AT_HOME: {"tai nha", "tiep nhan tai nha", "at home"},
}
STATUS_WORDS: dict[str, set[str]] = {
    Status.RECEIVED: {"moi tiep nhan", "da tiep nhan", "tiep nhan", "cho xu ly", "moi"},
    Status.IN_PROGRESS: {"dang xu ly", "dang giai quyet", "dang thu ly"},
    Status.AWAITING_SUPPLEMENT: {"cho bo sung", "yeu cau bo sung", "bo sung ho so", "cho bo sung ho so"},
    Status.READY: {"da co ket qua", "co ket qua", "cho tra ket qua", "da giai quyet", "ready"},
    Status.RETURNED: {"da tra ket qua", "da tra", "hoan thanh", "da hoan thanh"},
    Status.REJECTED: {"tu choi", "da tu choi", "tu choi tiep nhan", "khong du dieu kien", "tra lai ho so"},
}

_DATE = (
    r"(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})|(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))"
)
_TIME = r"(?P<hh>\d{1,2})[:hH](?P<mm>\d{2})(?::(?P<ss>\d{2})(?:\.\d+)?)?"
DATE_FIRST = re.compile(rf"{_DATE}(?:(?:\s+|T|\s*,\s*){_TIME})?")
TIME_FIRST = re.compile(rf"{_TIME}\s+{_DATE}")


class ImportRow(NamedTuple):
    """One checked row, as compact as a tuple: what a Dossier needs, with ids instead of objects."""

    line: int
    code: str
    procedure_id: int
    intake_rule_id: int
    applicant_name: str
    applicant_phone: str
    applicant_address: str
    channel: str
    status: str
    received_at: datetime
    counted_from: date
    due_date: date
    ready_at: datetime | None
    returned_at: datetime | None
    timeliness: str


@dataclass
class ImportReport:
    filename: str = ""
    total: int = 0  # data rows read (blank rows are not counted)
    valid: int = 0  # rows without an error, new or already there
    skipped_existing: int = 0  # valid rows whose code the commune already has
    created: int = 0
    bad_rows: int = 0
    error_count: int = 0  # every error, also those not listed
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message), the first ones
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, code), the first ones
    is_written: bool = False  # False when the file was only checked, or rejected

    @property
    def is_clean(self) -> bool:
        return self.error_count == 0

    @property
    def errors_not_listed(self) -> int:
        return self.error_count - len(self.errors)

    @property
    def to_create(self) -> int:
        return self.valid - self.skipped_existing

    def add_errors(self, line: int, messages: list[str]) -> None:
        self.bad_rows += 1
        self.error_count += len(messages)
        room = MAX_LISTED - len(self.errors)
        self.errors.extend((line, message) for message in messages[: max(room, 0)])

    def add_skipped(self, line: int, code: str) -> None:
        self.skipped_existing += 1
        if len(self.skipped) < MAX_LISTED:
            self.skipped.append((line, code))


# --- Permission and entry points -------------------------------------------------------------------------
def validate_dossier_file(file: Any, *, commune: Unit, filename: str = "") -> ImportReport:
    """Check every row of a dossier file against the catalogue and the commune's dossiers; write nothing.

    `file` is a path or a binary file object (an upload). Raise ValidationError when the file as a whole
    cannot be read (not XLSX or CSV, no header row, a required column missing).
    """
    _check_commune(commune)
    report = ImportReport(filename=filename or _name_of(file))
    return _check_file(file, commune=commune, report=report, sink=None)


def import_dossier_file(
    file: Any, *, commune: Unit, by: User | None, filename: str = "", only_good_rows: bool = False
) -> ImportReport:
    """Import the dossiers of an XLSX or CSV file into a commune: all rows, or none if one is wrong.

    With `only_good_rows` the rows without errors are imported and the others reported. Codes the commune
    already has are skipped. Each new dossier gets an "imported" event; the whole import is one audit
    event. `by` is None when an administrator runs the import on the server.
    """
    if by is not None and not permissions.can_receive_dossier(by, commune):  # importing = receiving in bulk
        raise PermissionDenied
    _check_commune(commune)
    filename = filename or _name_of(file)
    with tempfile.TemporaryFile() as spool:
        if streams_while_checking():
            return _import_streamed(
                file, commune=commune, by=by, filename=filename, only_good_rows=only_good_rows, spool=spool
            )
        report = ImportReport(filename=filename)
        _check_file(file, commune=commune, report=report, sink=_Sink(spool))
        if report.error_count and not only_good_rows:
            return report
        with _import_transaction(commune, by, report.filename) as event:
            _write(spool, commune=commune, event=event, report=report)
            _record_import(commune, by, report, only_good_rows=only_good_rows)
    return report


def streams_while_checking() -> bool:
    """Whether the file is checked while the server writes it (PostgreSQL, the import's own transaction).

    The check looks the codes up on a second connection, which cannot see what a caller's open transaction
    wrote: inside one, the file is checked whole first and written after, on the one connection.
    """
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _check_commune(commune: Unit) -> None:
    if commune.level != Unit.Level.COMMUNE:
        raise ValidationError(_("Dossiers can only be imported into a commune."))


def _name_of(file: Any) -> str:
    name = file if isinstance(file, str | Path) else getattr(file, "name", "")
    return Path(str(name or "")).name


# --- Reading ---------------------------------------------------------------------------------------------
@contextlib.contextmanager
def _binary(file: Any) -> Iterator[IO[bytes]]:
    if isinstance(file, str | Path):
        with open(file, "rb") as stream:
            yield stream
        return
    if hasattr(file, "seek"):
        file.seek(0)
    yield file


@contextlib.contextmanager
def _rows_of(file: Any, filename: str) -> Iterator[Iterator[tuple[int, Sequence[Any]]]]:
    """Yield the file's rows as (row number, cells), read one at a time from XLSX or CSV."""
    with _binary(file) as stream:
        head = stream.read(8)
        stream.seek(0)
        if head.startswith(b"PK\x03\x04"):
            with _xlsx_rows(stream, _path_of(file)) as rows:
                yield rows
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            raise ValidationError(_("The old Excel format (.xls) cannot be read; save the file as .xlsx."))
        elif filename.lower().endswith((".xlsx", ".xlsm")):
            raise ValidationError(_("The file is not an Excel workbook (.xlsx)."))
        else:
            with _csv_rows(stream, head) as rows:
                yield rows


@contextlib.contextmanager
def _xlsx_rows(stream: IO[bytes], path: str | None) -> Iterator[Iterator[tuple[int, Sequence[Any]]]]:
    """The sheet's rows: read by a child process while this one checks them (a big file), or here."""
    with _big_file_on_disk(stream, path) as big:
        rows = xlsx_aside.rows_read_aside(big) if big else xlsx_aside.sheet_rows(stream)
        try:
            yield unreadable_as_error(rows)
        finally:
            rows.close()  # the workbook closed, or the child ended


@contextlib.contextmanager
def _big_file_on_disk(stream: IO[bytes], path: str | None) -> Iterator[str | None]:
    """The path of the file on disk if it has READ_ASIDE_BYTES or more, else None. A big upload held in
    memory (Django keeps those up to 2.5 MB) is written to a temporary file for the time of the import."""
    if path is not None:
        yield path if os.path.getsize(path) >= READ_ASIDE_BYTES else None
        return
    size = stream.seek(0, io.SEEK_END)
    stream.seek(0)
    if size < READ_ASIDE_BYTES:
        yield None
        return
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        shutil.copyfileobj(stream, copy)
        copy.flush()
        stream.seek(0)
        yield copy.name


def _path_of(file: Any) -> str | None:
    """The file's path on disk: a path given, or an upload Django has written to a temporary file."""
    if isinstance(file, str | Path):
        return str(file)
    temporary_path = getattr(file, "temporary_file_path", None)
    return str(temporary_path()) if callable(temporary_path) else None


@contextlib.contextmanager
def _csv_rows(stream: IO[bytes], head: bytes) -> Iterator[Iterator[tuple[int, Sequence[Any]]]]:
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        try:
            first_lines = list(itertools.islice(text, HEADER_SEARCH_ROWS))
        except UnicodeDecodeError as exc:
            raise ValidationError(_("The file is neither an Excel workbook nor UTF-8 CSV text.")) from exc
        try:
            delimiter = _delimiter(first_lines)
        except csv.Error as exc:  # a cell over csv.field_size_limit() in the first lines
            raise _csv_error(exc) from exc
        reader = csv.reader(itertools.chain(first_lines, text), delimiter=delimiter)
        yield _guard_csv(enumerate(reader, start=1))
    finally:
        text.detach()  # the caller owns the stream (an upload, or the file opened above)


def _delimiter(lines: list[str]) -> str:
    """Return the CSV delimiter (semicolon, comma or tab): the one that splits a header row best.

    Vietnamese addresses hold commas, so counting characters alone would mislead on semicolon files.
    """
    known = _known_headers()

    def recognised(delimiter: str) -> int:
        rows = csv.reader(lines, delimiter=delimiter)
        return max(
            (len({known[key] for cell in row if (key := header_key(cell)) in known}) for row in rows),
            default=0,
        )

    best = max(DELIMITERS, key=recognised)
    if recognised(best):
        return best
    counts = {delimiter: sum(line.count(delimiter) for line in lines) for delimiter in DELIMITERS}
    return max(DELIMITERS, key=lambda delimiter: counts[delimiter]) if any(counts.values()) else ","


def _guard_csv(rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Sequence[Any]]]:
    try:
        yield from rows
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is neither an Excel workbook nor UTF-8 CSV text.")) from exc
    except csv.Error as exc:
        raise _csv_error(exc) from exc


def _csv_error(exc: csv.Error) -> ValidationError:
    if "field larger than field limit" in str(exc):
        return ValidationError(
            _("A cell of the CSV file is longer than %(max)d characters; no cell of a dossier is that long.")
            % {"max": csv.field_size_limit()}
        )
    return ValidationError(_("The CSV file cannot be read: %(error)s") % {"error": exc})


def _known_headers() -> dict[str, str]:
    """Return {folded header: column key}, the template's headers in the current language included."""
    known: dict[str, str] = {}
    for column in COLUMNS:
        for alias in column.aliases | {header_key(str(column.label))}:
            known.setdefault(alias, column.key)
    return known


def _find_columns(rows: Iterator[tuple[int, Sequence[Any]]]) -> dict[str, int]:
    """Consume the rows up to the header row and return {column key: cell index}."""
    header = find_header((cells for _line, cells in rows), _known_headers(), required=["code"])
    if header is not None:
        found = header.columns
        missing = [str(column.label) for column in COLUMNS if column.is_required and column.key not in found]
        if missing:
            raise ValidationError(
                _("The header row has no column for: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        return found
    raise ValidationError(
        _("No header row with a “%(header)s” column was found in the first %(rows)d rows of the first sheet.")
        % {"header": str(COLUMNS[0].label), "rows": HEADER_SEARCH_ROWS}
    )


# --- Checking --------------------------------------------------------------------------------------------
def clean_text(value: Any) -> str:
    """Return a cell as text in NFC with single spaces ("1.0" from Excel numbers becomes "1")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", " ".join(str(value).split()))


def parse_phone(value: Any) -> str:
    """Return a Vietnamese phone number as digits starting with 0 ("+84 912 000 101" → "0912000101").

    A number Excel stored as a number lost its leading 0; it is put back. Raise ValueError when the
    result is not a phone number.
    """
    if isinstance(value, str) and _is_plain_phone(value):
        return value  # what `_phone_by_rules` returns for it, found faster (the most common cell)
    return _phone_by_rules(value)


def _phone_by_rules(value: Any) -> str:
    if is_blank(value):
        return ""
    text = clean_text(value)
    if re.search(r"[^\d\s.()+-]", text):  # letters or other signs: not a number someone mistyped
        raise ValueError(text)
    try:
        return normalise_phone(text)
    except ValidationError as error:
        raise ValueError(text) from error


def _is_plain_phone(text: str) -> bool:
    """True for 9 to 11 ASCII digits starting with 0: a number `normalise_phone` returns unchanged."""
    return 9 <= len(text) <= 11 and text.isascii() and text.isdigit() and text[0] == "0"


def parse_moment(value: Any) -> tuple[date, time | None] | None:
    """Return the day and, when given, the hour in a cell, or None when blank; raise ValueError.

    Accepts an Excel date cell, "dd/mm/yyyy", "dd/mm/yyyy HH:MM[:SS]", "HH:MM dd/mm/yyyy" and ISO dates.
    An Excel date at midnight is read as a date without an hour.
    """
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        moment = value.time().replace(microsecond=0)
        return value.date(), (moment if moment != time(0, 0) else None)
    if isinstance(value, date):
        return value, None
    if not isinstance(value, str):
        raise ValueError(value)
    text = value.strip()
    fixed = _fixed_moment(text)  # the common forms, found faster; the same answer as the patterns'
    return fixed if fixed is not None else _moment_by_pattern(text)


def _moment_by_pattern(text: str) -> tuple[date, time | None]:
    match = DATE_FIRST.fullmatch(text) or TIME_FIRST.fullmatch(text)
    if match is None:
        raise ValueError(text)
    parts = match.groupdict()
    if parts["y"]:
        day = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    else:
        day = date(int(parts["iy"]), int(parts["im"]), int(parts["id"]))
    if parts["hh"] is None:
        return day, None
    return day, time(int(parts["hh"]), int(parts["mm"]), int(parts["ss"] or 0))


def _fixed_moment(text: str) -> tuple[date, time | None] | None:
    """Read "dd/mm/yyyy" and "dd/mm/yyyy HH:MM", the two forms most files hold, without the regular
    expressions; None for any other text (then read by `_moment_by_pattern`, which gives the same answer).
    """
    if len(text) == 10:
        day = _fixed_day(text)
        return (day, None) if day else None
    if len(text) == 16 and text[10] == " ":
        day, hour = _fixed_day(text[:10]), _fixed_hour(text[11:])
        return (day, hour) if day and hour else None
    return None


@functools.lru_cache(maxsize=4096)  # a file's days repeat: parse each once
def _fixed_day(text: str) -> date | None:
    """ "dd/mm/yyyy" in ASCII digits as a date; raise ValueError for a day that does not exist."""
    if (
        text[2] != "/"
        or text[5] != "/"
        or not text.isascii()
        or not (text[:2] + text[3:5] + text[6:]).isdigit()
    ):
        return None
    return date(int(text[6:]), int(text[3:5]), int(text[:2]))


@functools.lru_cache(maxsize=2048)
def _fixed_hour(text: str) -> time | None:
    """ "HH:MM" in ASCII digits as a time; raise ValueError for an hour that does not exist."""
    if len(text) != 5 or text[2] != ":" or not text.isascii() or not (text[:2] + text[3:]).isdigit():
        return None
    return time(int(text[:2]), int(text[3:]))


def remembering(calendar: WorkCalendar) -> WorkCalendar:
    """Return a copy of `calendar` that remembers its answers, for the many rows of one file."""
    copy = dataclasses.replace(calendar)
    for name in ("is_working_day", "add_working_days"):
        object.__setattr__(copy, name, functools.lru_cache(maxsize=8192)(getattr(copy, name)))
    return copy


def _choice_words(words: dict[str, set[str]], choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    folded = {word: value for value, values in words.items() for word in values}
    for value, label in choices:
        folded.setdefault(header_key(value), value)
        folded.setdefault(header_key(str(label)), value)
    return folded


@dataclass(frozen=True)
class CheckBasis:
    """What a file's rows are checked against, read from the database once before the first row: the
    catalogue, the working-day calendar and the rule sets (nothing is read while the rows are checked)."""

    procedures: dict[str, tuple[int, Decimal, str]]
    calendar: WorkCalendar
    rule_book: intake.RuleBook
    latest: datetime  # no moment in the file may be later (now, give or take the clocks' skew)

    @classmethod
    def read(cls) -> "CheckBasis":
        # A row names its procedure by the catalogue's code or by the national portal's code; where one
        # procedure's national code is another's local code, the local code wins.
        catalogue = list(
            Procedure.objects.values_list("pk", "code", "national_code", "time_limit_days", "time_limit_unit")
        )
        procedures = {
            national.strip().upper(): (pk, limit, unit)
            for pk, _code, national, limit, unit in catalogue
            if national.strip()
        }
        procedures.update(
            {code.strip().upper(): (pk, limit, unit) for pk, code, _national, limit, unit in catalogue}
        )
        return cls(
            procedures, remembering(default_calendar()), intake.RuleBook(), timezone.now() + CLOCK_SKEW
        )


class RowChecker:
    """Check data rows one at a time; holds the catalogue, the rule sets and the codes seen so far."""

    def __init__(self, columns: dict[str, int], basis: CheckBasis) -> None:
        self.columns = columns
        self.procedures = basis.procedures
        self.calendar = basis.calendar
        self.tz = timezone.get_current_timezone()
        self.latest = basis.latest
        self.rule_book = basis.rule_book
        self.rules: dict[date, tuple[int, deadlines.IntakeTerms] | None] = {}
        self.channels = _choice_words(CHANNEL_WORDS, Channel.choices)
        self.statuses = _choice_words(STATUS_WORDS, Status.choices)
        self.labels = {column.key: str(column.label) for column in COLUMNS}
        self.seen: dict[str, int] = {}  # code → first row number
        self.folded: dict[str, str] = {}  # the few channel and status words, folded once

    def _cell(self, cells: Sequence[Any], key: str) -> Any:
        index = self.columns.get(key)
        return cells[index] if index is not None and index < len(cells) else None

    def _rule(self, day: date) -> tuple[int, deadlines.IntakeTerms] | None:
        if day not in self.rules:
            rule = self.rule_book.in_force(day)
            self.rules[day] = (rule.pk, intake.terms_of(rule)) if rule else None
        return self.rules[day]

    def _moment(self, cells: Sequence[Any], key: str, problems: list[str]) -> tuple[date, time | None] | None:
        value = self._cell(cells, key)
        try:
            moment = parse_moment(value)
        except ValueError:
            not_a_date = _(
                "“%(value)s” in the column “%(column)s” is not a date; write it as dd/mm/yyyy or "
                "dd/mm/yyyy HH:MM."
            )
            problems.append(not_a_date % {"value": clean_text(value), "column": self.labels[key]})
            return None
        if moment is not None and not EARLIEST_DATE <= moment[0] <= LATEST_DATE:
            problems.append(f"{self.labels[key]}: {plausible_range_message()}")
            return None
        return moment

    def _choice(
        self, cells: Sequence[Any], key: str, words: dict[str, str], problems: list[str]
    ) -> str | None:
        text = clean_text(self._cell(cells, key))
        if not text:
            return None
        if text not in self.folded:
            self.folded[text] = header_key(text)
        value = words.get(self.folded[text])
        if value is None:
            problems.append(
                _("“%(value)s” is not a known value of the column “%(column)s”.")
                % {"value": text, "column": self.labels[key]}
            )
        return value

    def check(self, line: int, cells: Sequence[Any]) -> tuple[ImportRow | None, list[str]]:
        """Return the checked row, or None and every problem of the row, in the user's language."""
        problems: list[str] = []
        code = self._code(line, cells, problems)
        procedure = self._procedure(cells, problems)
        name = clean_text(self._cell(cells, "applicant"))
        if not name:
            problems.append(_("The applicant's name is empty."))
        elif len(name) > NAME_MAX_LENGTH:
            problems.append(
                _("The applicant's name is longer than %(max)d characters.") % {"max": NAME_MAX_LENGTH}
            )
        phone_cell = self._cell(cells, "phone")
        try:
            phone = parse_phone(phone_cell)
        except ValueError:
            phone = ""
            problems.append(
                _("The phone number “%(value)s” is not valid.") % {"value": clean_text(phone_cell)}
            )
        address = clean_text(self._cell(cells, "address"))
        for text in (name, address):
            if (ch := bad_character(text)) is not None:
                problems.append(bad_character_message(ch))
        if len(address) > ADDRESS_MAX_LENGTH:
            problems.append(_("The address is longer than %(max)d characters.") % {"max": ADDRESS_MAX_LENGTH})
        channel = self._choice(cells, "channel", self.channels, problems) or Channel.IN_PERSON
        status = self._choice(cells, "status", self.statuses, problems)
        received = self._moment(cells, "received", problems)
        due = self._moment(cells, "due", problems)
        ready = self._moment(cells, "ready", problems)
        returned = self._moment(cells, "returned", problems)
        if received is None:
            if is_blank(self._cell(cells, "received")):
                problems.append(_("The receipt date is empty."))
            return None, problems
        rule = self._rule(received[0])
        if rule is None:
            problems.append(
                _("No one-stop rule set is in force on %(day)s.") % {"day": f"{received[0]:%d/%m/%Y}"}
            )
            return None, problems
        rule_id, terms = rule
        received_at = self._aware(received, terms)
        ready_at = self._aware(ready, terms) if ready else None
        returned_at = self._aware(returned, terms) if returned else None
        self._check_order(received_at, due, ready_at, returned_at, problems)
        status = status or (Status.RETURNED if returned_at else Status.READY if ready_at else Status.RECEIVED)
        if (returned_at and status != Status.RETURNED) or (
            ready_at and status not in {Status.READY, Status.RETURNED}
        ):
            problems.append(
                _("The status “%(status)s” does not agree with the result or return date.")
                % {"status": Status(status).label}
            )
        if problems or procedure is None or code is None:
            return None, problems
        procedure_id, time_limit, time_limit_unit = procedure
        dates = intake.dates_for(
            received_at,
            channel=channel,
            time_limit_days=time_limit,
            time_limit_unit=time_limit_unit,
            terms=terms,
            calendar=self.calendar,
            tz=self.tz,
        )
        due_date = due[0] if due else dates.due_date
        done_at = ready_at or returned_at
        timeliness = ""
        if done_at is not None and status in {Status.READY, Status.RETURNED}:
            timeliness = deadlines.timeliness(done_at.date(), due_date)  # already in local time
        row = ImportRow(
            line,
            code,
            procedure_id,
            rule_id,
            name,
            phone,
            address,
            str(channel),
            str(status),
            received_at,
            dates.counted_from,
            due_date,
            ready_at,
            returned_at,
            timeliness,
        )
        return row, problems

    def _code(self, line: int, cells: Sequence[Any], problems: list[str]) -> str | None:
        code = clean_text(self._cell(cells, "code"))
        if not code:
            problems.append(_("The dossier code is empty."))
        elif len(code) > CODE_MAX_LENGTH:
            problems.append(
                _("The dossier code is longer than %(max)d characters.") % {"max": CODE_MAX_LENGTH}
            )
        elif code in self.seen:
            problems.append(_("The same dossier code as row %(row)d.") % {"row": self.seen[code]})
        else:
            self.seen[code] = line
            return code
        return None

    def _procedure(self, cells: Sequence[Any], problems: list[str]) -> tuple[int, Decimal, str] | None:
        code = clean_text(self._cell(cells, "procedure"))
        if not code:
            problems.append(_("The procedure code is empty."))
            return None
        procedure = self.procedures.get(code.upper())
        if procedure is None:
            problems.append(_("The procedure code “%(code)s” is not in the catalogue.") % {"code": code})
        return procedure

    def _aware(self, moment: tuple[date, time | None], terms: deadlines.IntakeTerms) -> datetime:
        day, hour = moment
        return datetime.combine(day, hour or terms.office_opens, tzinfo=self.tz)

    def _check_order(
        self,
        received_at: datetime,
        due: tuple[date, time | None] | None,
        ready_at: datetime | None,
        returned_at: datetime | None,
        problems: list[str],
    ) -> None:
        for key, moment in (("received", received_at), ("ready", ready_at), ("returned", returned_at)):
            if moment is not None and moment > self.latest:
                problems.append(
                    _("The date in the column “%(column)s” is in the future.") % {"column": self.labels[key]}
                )
        received_on = received_at.date()
        days: tuple[tuple[str, date | datetime | None], ...] = (
            ("due", due[0] if due else None),
            ("ready", ready_at),
            ("returned", returned_at),
        )
        for key, when in days:
            day = when.date() if isinstance(when, datetime) else when
            if day is not None and day < received_on:
                problems.append(
                    _("The date in the column “%(column)s” is before the receipt date.")
                    % {"column": self.labels[key]}
                )
        if ready_at and returned_at and returned_at < ready_at:
            problems.append(_("The return date is before the result date."))


def _is_blank_row(cells: Sequence[Any]) -> bool:
    return all(is_blank(cell) for cell in cells)


@dataclass(frozen=True)
class _Sink:
    """Where the new rows of a checked batch go: the spool, and, while the server writes them (PostgreSQL,
    `_import_streamed`), the open COPY; `owners` looks a batch's codes up (`_owners_of`, or on the second
    connection while the COPY holds the first)."""

    spool: IO[bytes]
    owners: Callable[[list[str]], dict[str, int]] | None = None
    stream: Callable[[list[ImportRow], "ImportReport"], None] | None = None


def _check_file(
    file: Any, *, commune: Unit, report: ImportReport, sink: _Sink | None, basis: CheckBasis | None = None
) -> ImportReport:
    """Check every row into `report` against `basis` (read now if not given); hand the rows to create, in
    batches, to `sink` when one is given."""
    basis = basis or CheckBasis.read()
    with _rows_of(file, report.filename) as rows:
        checker = RowChecker(_find_columns(rows), basis)
        pending: list[ImportRow] = []
        for line, cells in rows:
            if _is_blank_row(cells):
                continue
            report.total += 1
            row, problems = checker.check(line, cells)
            if problems or row is None:
                report.add_errors(line, problems)
                continue
            pending.append(row)
            if len(pending) >= BATCH_SIZE:
                _sort_out(pending, commune=commune, report=report, sink=sink)
                pending = []
        _sort_out(pending, commune=commune, report=report, sink=sink)
    if report.total == 0:
        raise ValidationError(_("The file has no dossier rows below its header."))
    return report


def _sort_out(rows: list[ImportRow], *, commune: Unit, report: ImportReport, sink: _Sink | None) -> None:
    """Skip the codes the commune has, refuse those of other communes, and hand the new rows on."""
    if not rows:
        return
    owners = sink.owners if sink is not None and sink.owners is not None else _owners_of
    taken = owners([row.code for row in rows])
    new = []
    for row in rows:
        owner = taken.get(row.code)
        if owner is None:
            report.valid += 1
            new.append(row)
        elif owner == commune.pk:
            report.valid += 1
            report.add_skipped(row.line, row.code)
        else:
            report.add_errors(
                row.line,
                [_("The dossier code %(code)s belongs to another commune's dossier.") % {"code": row.code}],
            )
    if sink is not None and new:
        pickle.dump([tuple(row) for row in new], sink.spool, protocol=pickle.HIGHEST_PROTOCOL)
        if sink.stream is not None:
            sink.stream(new, report)
    reset_queries()


def _owners_of(codes: list[str]) -> dict[str, int]:
    """Return {code: commune id} of the dossiers that have one of `codes`."""
    if connection.vendor != "postgresql":
        return dict(Dossier.objects.filter(code__in=codes).values_list("code", "commune_id"))
    with connection.cursor() as cursor:
        return _owners_on(cursor, codes)


def _owners_on(cursor: Any, codes: list[str]) -> dict[str, int]:
    """`_owners_of` on a PostgreSQL cursor: one array parameter, the driver need not parse 2,000
    placeholders."""
    table = Dossier._meta.db_table
    cursor.execute(f"SELECT code, commune_id FROM {table} WHERE code = ANY(%s)", [codes])  # noqa: S608
    return dict(cursor.fetchall())


# --- Writing ---------------------------------------------------------------------------------------------
def _spooled_batches(spool: IO[bytes]) -> Iterator[list[ImportRow]]:
    spool.seek(0)
    while True:
        try:
            batch = pickle.load(spool)  # noqa: S301 — our own temporary file, written by _sort_out above
        except EOFError:
            return
        yield [ImportRow._make(values) for values in batch]


@contextlib.contextmanager
def _import_transaction(commune: Unit, by: User | None, filename: str) -> Iterator["_ImportedEvent"]:
    """The import's one transaction, the commune locked; yield the "imported" event of its new dossiers."""
    with transaction.atomic():
        # Lock the commune so that two imports into it run one after the other. FOR NO KEY UPDATE: the desk's
        # receipts into the commune (their foreign key takes KEY SHARE on its row) go on meanwhile, and a
        # receipt holding a code from the file cannot deadlock with the import.
        Unit.objects.select_for_update(no_key=True).filter(pk=commune.pk).exists()
        yield _ImportedEvent(
            at=timezone.now(), actor=by, note=_("Imported from %(file)s") % {"file": filename}
        )


def _write(spool: IO[bytes], *, commune: Unit, event: "_ImportedEvent", report: ImportReport) -> None:
    """Write the checked file's spooled rows: binary COPY on PostgreSQL, `bulk_create` on SQLite."""
    if connection.vendor == "postgresql":
        _copy_rows(spool, commune=commune, event=event, report=report)
    else:
        for rows in _spooled_batches(spool):
            _bulk_create_rows(rows, commune=commune, event=event, report=report)


def _record_import(commune: Unit, by: User | None, report: ImportReport, *, only_good_rows: bool) -> None:
    """The import is written: say so in the report, and write its one audit line."""
    report.is_written = True
    audit.record(
        AuditEvent.Action.CREATE,
        commune,
        by=by,
        changes={
            "import": "dossiers",
            "file": report.filename,
            "rows": report.total,
            "created": report.created,
            "skipped_existing": report.skipped_existing,
            "bad_rows": report.bad_rows,
            "errors": report.error_count,
            "only_good_rows": only_good_rows,
        },
        object_repr=_("Dossiers imported from %(file)s") % {"file": report.filename},
    )


@dataclass(frozen=True)
class _ImportedEvent:
    """The "imported" event every new dossier of one import gets."""

    at: datetime
    actor: Any
    note: str

    @property
    def actor_id(self) -> int | None:
        return self.actor.pk if getattr(self.actor, "is_authenticated", False) else None


def _split_taken(rows: list[ImportRow]) -> tuple[list[ImportRow], list[ImportRow]]:
    """Return the rows whose code no dossier has yet, and those whose code one has now.

    A dossier created since the check (another import, the desk) is skipped, not duplicated.
    """
    taken = _owners_of([row.code for row in rows])
    return [row for row in rows if row.code not in taken], [row for row in rows if row.code in taken]


def _report_skipped(rows: list[ImportRow], report: ImportReport) -> None:
    for row in rows:
        report.add_skipped(row.line, row.code)


def _bulk_create_rows(
    rows: list[ImportRow], *, commune: Unit, event: _ImportedEvent, report: ImportReport
) -> None:
    """Write one batch with the ORM (SQLite): the dossiers, then their events."""
    fresh, taken = _split_taken(rows)
    _report_skipped(taken, report)
    dossiers = Dossier.objects.bulk_create(
        [Dossier(**_dossier_values(row, commune.pk, event.at)) for row in fresh], batch_size=BATCH_SIZE
    )
    ids = _ids_of(dossiers)
    DossierEvent.objects.bulk_create(
        [
            DossierEvent(
                dossier_id=ids[row.code],
                at=event.at,
                actor_id=event.actor_id,
                kind=DossierEvent.Kind.IMPORTED,
                new_status=row.status,
                note=event.note,
            )
            for row in fresh
        ],
        batch_size=BATCH_SIZE,
    )
    report.created += len(dossiers)
    reset_queries()  # with DEBUG on, the logged SQL of each batch would otherwise pile up


RACE_RETRIES = 3  # a batch whose code another writer took meanwhile is checked and written again


def _copy_rows(spool: IO[bytes], *, commune: Unit, event: _ImportedEvent, report: ImportReport) -> None:
    """Write the spooled rows of a checked file on PostgreSQL: binary COPY into the dossiers and their events.

    The rows stream from the spool to the server (memory stays bounded: only the new dossiers' ids are held,
    an integer each). Their ids are taken from the sequence first, so that the events can be COPYed too.
    The whole file goes in one stream, the server writing while Python reads the spool. A code written
    since the check (another import, the desk) is skipped, not duplicated: the unique index refuses the
    stream, which is rolled back to its savepoint; the rows are then written batch by batch, each batch's
    codes looked up again in this transaction (`_copy_batch`).
    """
    with _copying(commune, event) as writer:
        try:
            with transaction.atomic(), connection.wrap_database_errors:  # a savepoint; Django's errors
                writer.write(lambda: itertools.chain.from_iterable(_spooled_batches(spool)), report.to_create)
            report.created += report.to_create
        except IntegrityError:
            _copy_batch_by_batch(writer, spool, report)


@contextlib.contextmanager
def _copying(commune: Unit, event: _ImportedEvent) -> Iterator["_BinaryWriter"]:
    """Yield the writer of an import's COPY; once the block has written, count the new dossiers set-wise.

    The count triggers stand aside meanwhile (core.kept_counts); the writer's ids go to a temporary table,
    and the hook `dossiers.hooks.written_set_wise` adds the counts of those dossiers in one statement.
    """
    if not hooks.written_set_wise.receivers:  # the counts would be missing: better no import at all
        raise RuntimeError("Nothing counts the imported dossiers (reports app not ready).")
    with connection.cursor() as cursor, counted_set_wise(connection):
        cursor.execute("CREATE TEMPORARY TABLE import_new (id bigint) ON COMMIT DROP")
        yield _BinaryWriter(cursor.cursor, commune_id=commune.pk, event=event)
        table = Dossier._meta.db_table
        new_rows = f"SELECT d.* FROM {table} d JOIN import_new n ON n.id = d.id"  # noqa: S608
        hooks.written_set_wise.run(hooks.SetWiseWrite(connection, new_rows))
        cursor.execute("DROP TABLE import_new")


def _copy_batch_by_batch(writer: "_BinaryWriter", spool: IO[bytes], report: ImportReport) -> None:
    """After the unique index refused the one stream: write the spooled rows batch by batch, each batch's
    codes looked up again in this transaction, those written meanwhile skipped."""
    for rows in _spooled_batches(spool):
        report.created += _copy_batch(writer, rows, report=report)
        reset_queries()


class _Rejected(Exception):
    """A file with an error, when only a clean file may be imported: what was streamed is rolled back."""


def _import_streamed(
    file: Any, *, commune: Unit, by: User | None, filename: str, only_good_rows: bool, spool: IO[bytes]
) -> ImportReport:
    """PostgreSQL, in the import's own transaction: check the file while the server writes its new dossiers.

    Each checked batch goes into one open COPY of the dossiers as soon as its codes are looked up, so the
    server writes while Python reads and checks the rest: the import takes the longer of the two, not their
    sum. The look-ups and the ids go to a second connection, since the COPY holds the first; it sees what
    other writers committed, as the check before a write did. A file with an error stops the stream and is
    rolled back whole, every error reported, unless only the good rows were asked for. Then, as in
    `_copy_rows`: the events and the ids from the spool, a code written meanwhile refused by the unique index
    and the rows written again batch by batch, the counts added set-wise, one audit line.
    """
    report = ImportReport(filename=filename)
    try:
        with (
            _import_transaction(commune, by, filename) as event,
            _copying(commune, event) as writer,
            _second_cursor() as second,
        ):
            stream = _DossierStream(writer, second, stop_at_error=not only_good_rows)
            sink = _Sink(spool, owners=functools.partial(_owners_on, second), stream=stream.send)
            basis = CheckBasis.read()
            try:
                with transaction.atomic(), connection.wrap_database_errors:  # a savepoint; Django's errors
                    with writer.dossier_copy() as copy, connection.execute_wrapper(_copy_in_progress):
                        stream.copy = copy
                        _check_file(file, commune=commune, report=report, sink=sink, basis=basis)
                        if report.error_count and not only_good_rows:
                            raise _Rejected(report.filename)
                        stream.raise_refusal()
                    writer.write_events_and_ids(
                        stream.ids, itertools.chain.from_iterable(_spooled_batches(spool))
                    )
                report.created += len(stream.ids)
            except IntegrityError:
                _copy_batch_by_batch(writer, spool, report)
            _record_import(commune, by, report, only_good_rows=only_good_rows)
    except _Rejected:
        return report  # rolled back: nothing written
    return report


def _copy_in_progress(*args: Any) -> None:
    """A query on the connection whose COPY is open would wait for the COPY, forever: refuse it at once."""
    raise RuntimeError("A query was sent on the connection that holds the import's COPY.")


@contextlib.contextmanager
def _second_cursor() -> Iterator[Any]:
    """A cursor on a second connection to the same database, in autocommit: it reads what is committed."""
    with (
        psycopg.connect(**connection.get_connection_params(), autocommit=True) as second,
        second.cursor() as cursor,
    ):
        yield cursor


class _DossierStream:
    """The new rows of each checked batch, written into the open COPY of the dossiers as they come."""

    def __init__(self, writer: "_BinaryWriter", second: Any, *, stop_at_error: bool) -> None:
        self.writer, self.second, self.stop_at_error = writer, second, stop_at_error
        self.copy: Any = None
        self.ids: list[int] = []  # of the rows written, in their order in the spool
        self.refusal: psycopg.Error | None = None

    def send(self, rows: list[ImportRow], report: ImportReport) -> None:
        if self.refusal is not None or (self.stop_at_error and report.error_count):
            return  # the stream will be rolled back: the server need not write more
        ids = self.writer.take_ids(self.second, len(rows))
        try:
            self.writer.write_dossiers(self.copy, ids, rows)
        except psycopg.Error as refusal:  # the check goes on; the stream is rolled back after it
            self.refusal = refusal
            return
        self.ids.extend(ids)

    def raise_refusal(self) -> None:
        if self.refusal is not None:
            raise self.refusal


def _copy_batch(writer: "_BinaryWriter", rows: list[ImportRow], *, report: ImportReport) -> int:
    """Look one batch's codes up, COPY its new dossiers and events; return how many were written.

    Should another writer take one of the codes meanwhile, the unique index refuses the batch: it is rolled
    back to its savepoint and looked up again.
    """
    for attempt in range(RACE_RETRIES):
        fresh, taken = _split_taken(rows)
        try:
            with transaction.atomic(), connection.wrap_database_errors:
                writer.write(lambda: fresh, len(fresh))  # noqa: B023 — called at once, in this attempt
        except IntegrityError:
            if attempt == RACE_RETRIES - 1:
                raise
            continue
        _report_skipped(taken, report)
        return len(fresh)
    raise AssertionError("unreachable")  # pragma: no cover


class _BinaryWriter:
    """Binary COPY of new imported dossiers, their "imported" events and their ids (for the counts)."""

    def __init__(self, cursor: Any, *, commune_id: int, event: _ImportedEvent) -> None:
        self.cursor = cursor
        self.commune_id = commune_id
        self.event = event
        self.columns = _dossier_columns()
        self.names = _dossier_column_names()
        self.table, self.events = Dossier._meta.db_table, DossierEvent._meta.db_table
        self.dossier_types = _column_types(cursor, self.table, ["id", *self.names])
        self.event_types = _column_types(cursor, self.events, EVENT_COLUMNS)
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [self.table])
        (self.sequence,) = cursor.fetchone()

    def write(self, rows: Callable[[], Iterable[ImportRow]], count: int) -> None:
        """COPY `count` new dossiers, then their events: `rows()` gives them, once for each COPY."""
        if not count:
            return
        ids = self.take_ids(self.cursor, count)
        with self.dossier_copy() as copy:
            self.write_dossiers(copy, ids, rows())
        self.write_events_and_ids(ids, rows())

    @contextlib.contextmanager
    def dossier_copy(self) -> Iterator[Any]:
        """An open COPY into the dossiers; `write_dossiers` writes into it."""
        columns = ", ".join(["id", *self.names])
        with self.cursor.copy(f"COPY {self.table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(self.dossier_types)
            yield copy

    def write_dossiers(self, copy: Any, ids: Sequence[int], rows: Iterable[ImportRow]) -> None:
        at = self.event.at
        for dossier_id, row in zip(ids, rows, strict=True):
            values = _dossier_values(row, self.commune_id, at)
            copy.write_row([dossier_id, *(values[column] for column in self.columns)])

    def write_events_and_ids(self, ids: Sequence[int], rows: Iterable[ImportRow]) -> None:
        """COPY the new dossiers' "imported" events (`rows` in the order of `ids`), and their ids."""
        event, imported = self.event, DossierEvent.Kind.IMPORTED
        events = ", ".join(EVENT_COLUMNS)
        with self.cursor.copy(f"COPY {self.events} ({events}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(self.event_types)
            for dossier_id, row in zip(ids, rows, strict=True):
                copy.write_row((dossier_id, event.at, event.actor_id, imported, "", row.status, event.note))
        with self.cursor.copy("COPY import_new (id) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8"])
            for dossier_id in ids:
                copy.write_row((dossier_id,))

    def take_ids(self, cursor: Any, count: int) -> list[int]:
        """`count` new dossier ids from the table's sequence, on `cursor` (any connection: a sequence is not
        rolled back, an id taken and not used is a gap, as for any insert rolled back)."""
        cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [self.sequence, count])
        return [dossier_id for (dossier_id,) in cursor.fetchall()]


def _column_types(cursor: Any, table: str, columns: Sequence[str]) -> list[int]:
    """The type oids of a table's columns, in the given order: what a binary COPY must send."""
    cursor.execute(
        "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped",
        [table],
    )
    oids = dict(cursor.fetchall())
    return [oids[column] for column in columns]


EVENT_COLUMNS = ("dossier_id", "at", "actor_id", "kind", "old_status", "new_status", "note")


@functools.cache
def _dossier_columns() -> tuple[str, ...]:
    """The model's names of a new dossier's values (the id aside)."""
    return tuple(field.attname for field in Dossier._meta.concrete_fields if not field.primary_key)


@functools.cache
def _dossier_column_names() -> tuple[str, ...]:
    """The same columns as the table names them (a field may keep an older `db_column`)."""
    return tuple(str(field.column) for field in Dossier._meta.concrete_fields if not field.primary_key)


def _dossier_values(row: ImportRow, commune_id: int, now: datetime) -> dict[str, Any]:
    """Every column of a new imported dossier (the id aside), as the ORM would write it."""
    return {
        "created_at": now,
        "updated_at": now,
        "commune_id": commune_id,
        "procedure_id": row.procedure_id,
        "intake_rule_id": row.intake_rule_id,
        "code": row.code,
        "applicant_name": row.applicant_name,
        "applicant_search_key": fold_vietnamese(row.applicant_name),  # bulk writes do not call save()
        "applicant_gender": "",
        "applicant_phone": row.applicant_phone,
        "applicant_address": row.applicant_address,
        "channel": row.channel,
        "status": row.status,
        "received_at": row.received_at,
        "received_by_id": None,
        "counted_from": row.counted_from,
        "statutory_due_on": row.due_date,
        "due_on": row.due_date,
        "ready_at": row.ready_at,
        "returned_at": row.returned_at,
        "timeliness": row.timeliness,
        "postponement_count": 0,
        "is_imported": True,
    }


def _ids_of(dossiers: list[Dossier]) -> dict[str, int]:
    if all(dossier.pk is not None for dossier in dossiers):
        return {dossier.code: dossier.pk for dossier in dossiers}
    codes = [dossier.code for dossier in dossiers]  # a database that returns no ids from a bulk insert
    return dict(Dossier.objects.filter(code__in=codes).values_list("code", "pk"))


# --- The template ----------------------------------------------------------------------------------------
def dossier_template_xlsx() -> bytes:
    """Return an empty import sheet with the headers the import recognises, and a sheet explaining them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Dossiers")[:31]
    sheet.append([str(column.label) for column in COLUMNS])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = 22 if column.is_date else 28
        # Codes and phones stay text, so Excel keeps their leading zeros.
        sheet.column_dimensions[letter].number_format = "DD/MM/YYYY HH:MM" if column.is_date else "@"
    guide = workbook.create_sheet(_("Instructions")[:31])
    guide.append([_("Column"), _("Required"), _("What to write")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    choices = {
        "channel": ", ".join(str(label) for label in Channel.labels),
        "status": ", ".join(str(label) for label in Status.labels),
    }
    for column in COLUMNS:
        help_text = str(column.help)
        if column.key in choices:
            help_text %= {"choices": choices[column.key]}
        guide.append([str(column.label), _("required") if column.is_required else _("optional"), help_text])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
