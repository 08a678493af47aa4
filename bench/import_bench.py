"""Benchmark the dossier import: rows per second and peak memory, CSV and XLSX, SQLite and PostgreSQL.

    .venv/bin/python bench/import_bench.py [--rows 100000] [--no-postgres] [--full] [--keep]

Generates 100,000-row CSV and XLSX files in a temporary folder, then for each database (a fresh SQLite
file; a fresh PostgreSQL database, created and dropped here) runs `manage.py import_dossiers` in a
subprocess and prints its rows per second and peak resident memory. On SQLite (on both with --full) it
also imports the CSV file again (every code already there: nothing written) and an XLSX file where every
10th row is wrong, which must be rejected with every error counted and no row written.
"""

import argparse
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl

PROJECT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(PROJECT / "manage.py")]
COMMUNE = "BENCH-XA"
PROCEDURES = [
    ("BENCH-KS", "Đăng ký khai sinh", 3),
    ("BENCH-CT", "Chứng thực bản sao", 0.5),
    ("BENCH-DD", "Cấp giấy chứng nhận quyền sử dụng đất", 30),
    ("BENCH-KH", "Đăng ký kết hôn", 5),
]
HEADER = [
    "STT",
    "Mã hồ sơ",
    "Mã thủ tục",
    "Người nộp / Chủ hồ sơ",
    "Số điện thoại",
    "Địa chỉ",
    "Hình thức nộp",
    "Ngày tiếp nhận",
    "Ngày hẹn trả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Trạng thái",
]
CHANNELS = ["Trực tiếp"] * 6 + ["Trực tuyến"] * 3 + ["Bưu chính", "Tại nhà"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hoa",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Quyên",
    "Sơn",
    "Thảo",
    "Yến",
]
VILLAGES = ["Thôn Đông", "Thôn Đoài", "Thôn Nam", "Thôn Bắc", "Xóm Chùa", "Tổ dân phố 3"]

SETUP = """
from decimal import Decimal
from thanthien.core.text import fold_vietnamese
from thanthien.procedures.models import Procedure
from thanthien.units.models import Unit
province, _ = Unit.objects.get_or_create(code="BENCH", defaults=dict(
    name="Tỉnh Thử Nghiệm", level="province", kind="province", path="BENCH"))
Unit.objects.get_or_create(code="BENCH-XA", defaults=dict(
    name="Xã Thử Nghiệm", level="commune", kind="commune", parent=province, path="BENCH/BENCH-XA"))
for code, name, days in PROCEDURES:
    Procedure.objects.get_or_create(code=code, defaults=dict(name=name, field="Thử nghiệm",
        search_key=fold_vietnamese(code + " " + name), time_limit_days=Decimal(str(days))))
"""
COUNT = "from thanthien.dossiers.models import Dossier; print(Dossier.objects.count())"


# --- Files -----------------------------------------------------------------------------------------------
def dossier_rows(prefix: str, count: int, *, bad_every: int = 0, seed: int = 7):
    """Yield (cells, is_bad) rows; the dates are datetimes, written as text in CSV and as dates in XLSX."""
    rng = random.Random(seed)  # noqa: S311 — test data, repeatable
    start = datetime(2025, 7, 1, 7, 0)  # noqa: DTZ001 — a naive local time, as the province's files hold
    for number in range(1, count + 1):
        received = start + timedelta(days=rng.randrange(0, 330), minutes=rng.randrange(0, 10 * 60))
        procedure = rng.choice(PROCEDURES)[0]
        ready = returned = None
        if rng.random() < 0.6:
            ready = received + timedelta(days=rng.randrange(0, 12), hours=rng.randrange(0, 8))
            if rng.random() < 0.8:
                returned = ready + timedelta(days=rng.randrange(0, 3))
        is_bad = bad_every and number % bad_every == 0
        if is_bad:
            procedure = "KHONG-CO-TRONG-DANH-MUC"
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone = f"09{rng.randrange(10**7, 10**8)}"
        address = f"{rng.choice(VILLAGES)}, xã Thử Nghiệm"
        cells = [
            number,
            f"{prefix}-{number:06d}",
            procedure,
            name,
            phone,
            address,
            rng.choice(CHANNELS),
            received,
            None,
            ready,
            returned,
            None,
        ]
        yield cells, is_bad


def as_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return "" if value is None else str(value)


def write_file(kind: str, path: Path, prefix: str, count: int, bad_every: int, seed: int) -> None:
    rows = dossier_rows(prefix, count, bad_every=bad_every, seed=seed)
    if kind == "csv":
        write_csv(path, rows)
    else:
        write_xlsx(path, rows, count)


def write_csv(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADER)
        for cells, _is_bad in rows:
            writer.writerow([as_text(value) for value in cells])


def write_xlsx(path: Path, rows, count: int) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Hồ sơ")
    sheet.append(HEADER)
    for cells, _is_bad in rows:
        sheet.append(cells)
    workbook.save(path)
    add_dimension(path, f"A1:L{count + 1}")


def add_dimension(path: Path, ref: str) -> None:
    """Give the sheet the <dimension> element Excel and the province systems write.

    openpyxl's write-only mode leaves it out; without it, opening the file read-only scans the whole sheet
    once more just to learn its size (about a quarter more time).
    """
    copy = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            with source.open(item) as reader, target.open(item.filename, "w") as writer:
                if item.filename.startswith("xl/worksheets/sheet"):
                    head = reader.read(4096)
                    writer.write(
                        head.replace(b"</sheetPr>", f'</sheetPr><dimension ref="{ref}"/>'.encode(), 1)
                    )
                shutil.copyfileobj(reader, writer, 1 << 20)
    copy.replace(path)


# --- Runs ------------------------------------------------------------------------------------------------
@dataclass
class Run:
    database: str
    label: str
    rows: int
    seconds: float
    peak_mb: float
    exit_code: int
    output: str


def run_manage(args: list[str], env: dict[str, str]) -> tuple[int, float, float, str]:
    """Run manage.py in a child process; return its exit code, wall time, peak RSS (MB) and output."""
    with tempfile.TemporaryFile() as out:
        started = time.monotonic()
        child = subprocess.Popen([*MANAGE, *args], cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        _pid, status, usage = os.wait4(child.pid, 0)  # this child's own peak RSS, not the largest so far
        seconds = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return child.returncode, seconds, usage.ru_maxrss / 1024, text


def must(args: list[str], env: dict[str, str]) -> str:
    code, _seconds, _peak, output = run_manage(args, env)
    if code:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{output}")
    return output


def dossier_count(env: dict[str, str]) -> int:
    return int(must(["shell", "-c", COUNT], env).strip().splitlines()[-1])


def bench_database(
    name: str,
    url: str,
    files: dict[str, tuple[Path, int]],
    data_dir: Path,
    *,
    checks: bool,
    with_triggers: bool,
) -> list[Run]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "THANTHIEN_DATA_DIR": str(data_dir),
        "DEBUG": "False",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    print(f"[{name}] migrate and set up the commune and procedures …", flush=True)
    must(["migrate", "--noinput", "-v", "0"], env)
    must(["shell", "-c", f"PROCEDURES = {PROCEDURES!r}\n{SETUP}"], env)
    runs = []
    plan: list[tuple[str, str, list[str]]] = [
        ("CSV, 10 rows (start-up baseline)", "tiny", []),
        ("CSV, new dossiers", "csv", []),
        ("XLSX, new dossiers", "xlsx", []),
    ]
    if checks:  # reading and checking do not depend much on the database: once is enough by default
        plan += [("CSV again (all skipped)", "csv", []), ("XLSX, every 10th row bad (rejected)", "bad", [])]
    for label, key, extra in plan:
        path, rows = files[key]
        before = dossier_count(env) if key == "bad" else None
        print(f"[{name}] {label} …", flush=True)
        code, seconds, peak, output = run_manage(["import_dossiers", COMMUNE, str(path), *extra], env)
        runs.append(Run(name, label, rows, seconds, peak, code, output))
        if key == "bad":
            after = dossier_count(env)
            # The summary line (translated) follows the file name; it must count every one of the errors.
            summary = next((line for line in output.splitlines() if f"{path.name}:" in line), "")
            numbers = {int(number) for number in re.findall(r"\d+", summary.split(f"{path.name}:", 1)[-1])}
            counted = rows // 10 in numbers and rows in numbers
            print(f"[{name}]   exit code {code}; {summary.strip()}")
            print(f"[{name}]   dossiers before: {before}, after: {after}")
            if code == 0 or after != before or not counted:
                sys.exit(f"[{name}] the bad file was not rejected as it should be:\n{output[-2000:]}")
        elif code:
            sys.exit(f"[{name}] {label} failed:\n{output[-3000:]}")
        if key == "csv" and name == "PostgreSQL" and not any(r.label.startswith("COPY") for r in runs):
            timed = copy_floor(url, "CSV-", with_triggers=with_triggers)
            runs.append(Run(name, "COPY of the same rows (floor)", rows, timed["rolled_back"], 0, 0, ""))
            runs.append(Run(name, "COPY of the same rows, committed", rows, timed["committed"], 0, 0, ""))
    return runs


def copy_floor(url: str, prefix: str, *, with_triggers: bool) -> dict[str, float]:
    """Seconds PostgreSQL's COPY takes to write the rows the CSV import wrote: its dossiers and their events.

    The rows are read back (COPY TO, untimed) with new ids and codes, then written with COPY FROM into the
    same tables and indexes: `rolled_back`, in a transaction that is rolled back (the floor the earlier
    passes printed), and `committed`, the same COPY committed, as the import commits (the server then also
    flushes the write-ahead log), the rows deleted afterwards (untimed). The count triggers stand aside, as
    in the import (core.kept_counts); with `with_triggers`, the rolled-back COPY is timed once more with
    them (the time grows with the square of the rows of one commune: minutes). The count triggers and
    Django's foreign keys are deferred to the commit: `SET CONSTRAINTS ALL IMMEDIATE` runs them at each
    statement, as the import does.
    """
    import psycopg  # the project's PostgreSQL driver

    shift = 10**12
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'dossiers_dossier' "
            "ORDER BY ordinal_position"
        )
        columns = [column for (column,) in cursor.fetchall()]
        chosen = [f"id + {shift}" if c == "id" else "code || '-F'" if c == "code" else c for c in columns]
        where = f"code LIKE '{prefix}%'"
        dossiers = read_copy(cursor, f"SELECT {', '.join(chosen)} FROM dossiers_dossier WHERE {where}")  # noqa: S608 — names from the catalogue
        events = read_copy(
            cursor,
            f"SELECT dossier_id + {shift}, at, actor_id, kind, old_status, new_status, note "  # noqa: S608
            f"FROM dossiers_dossierevent WHERE dossier_id IN (SELECT id FROM dossiers_dossier WHERE {where})",
        )
        conn.commit()
        timed = {}
        for run in (
            ("triggers", "rolled_back", "committed") if with_triggers else ("rolled_back", "committed")
        ):
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if run != "triggers":  # the count triggers stand aside (core.kept_counts): COPY alone
                cursor.execute("SET LOCAL thanthien.counted_set_wise = 'on'")
            started = time.monotonic()
            with cursor.copy(f"COPY dossiers_dossier ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(dossiers)
            with cursor.copy(
                "COPY dossiers_dossierevent (dossier_id, at, actor_id, kind, old_status, new_status, note) "
                "FROM STDIN"
            ) as copy:
                copy.write(events)
            if run == "committed":
                conn.commit()
            timed[run] = time.monotonic() - started
            conn.rollback()
        cursor.execute("SET LOCAL thanthien.counted_set_wise = 'on'")  # what was never counted, uncounted
        cursor.execute(f"DELETE FROM dossiers_dossierevent WHERE dossier_id >= {shift}")  # noqa: S608
        cursor.execute(f"DELETE FROM dossiers_dossier WHERE id >= {shift}")  # noqa: S608
        conn.commit()
        conn.autocommit = True
        cursor.execute("VACUUM dossiers_dossier, dossiers_dossierevent")
    if with_triggers:
        seconds = f"{timed['triggers']:.1f} s; without: {timed['rolled_back']:.1f} s"
        print(f"COPY with the row count triggers: {seconds}")
    return timed


def read_copy(cursor, query: str) -> bytes:
    with cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
        return b"".join(bytes(data) for data in copy)


def xlsx_reader_seconds(path: Path) -> float:
    """Seconds openpyxl (read-only, values only, as the import opens a file) takes to read every row."""
    started = time.monotonic()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    for _row in sheet.iter_rows(values_only=True):
        pass
    workbook.close()
    return time.monotonic() - started


def postgres_admin(url: str):
    import psycopg  # the project's PostgreSQL driver

    admin = re.sub(r"/[^/]*$", "/postgres", url)
    return psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/bench_import")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the files and the databases")
    parser.add_argument(
        "--full", action="store_true", help="also re-import and reject the bad file on PostgreSQL"
    )
    parser.add_argument(
        "--trigger-floor",
        action="store_true",
        help="also time the COPY with the row count triggers firing (minutes; what the import avoids)",
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    rows = options.rows
    try:
        started = time.monotonic()
        files = {
            "tiny": (work / "tiny.csv", 10),
            "csv": (work / "dossiers.csv", rows),
            "xlsx": (work / "dossiers.xlsx", rows),
            "bad": (work / "dossiers-bad.xlsx", rows),
        }
        jobs = [
            ("csv", files["tiny"][0], "TINY", 10, 0, 7),
            ("csv", files["csv"][0], "CSV", rows, 0, 7),
            ("xlsx", files["xlsx"][0], "XLSX", rows, 0, 8),
            ("xlsx", files["bad"][0], "BAD", rows, 10, 9),
        ]
        with ProcessPoolExecutor(max_workers=2) as pool:  # the two XLSX files take most of the time
            list(pool.map(write_file, *zip(*jobs, strict=True)))
        sizes = ", ".join(f"{path.name} {path.stat().st_size / 1e6:.1f} MB" for path, _n in files.values())
        print(f"Files written in {time.monotonic() - started:.0f} s: {sizes}", flush=True)

        runs = []
        if not options.no_sqlite:
            runs += bench_database(
                "SQLite",
                f"sqlite:///{work / 'bench.sqlite3'}",
                files,
                work / "sqlite-data",
                checks=True,
                with_triggers=False,
            )
        if not options.no_postgres:
            database = options.postgres_url.rsplit("/", 1)[1]
            try:
                with postgres_admin(options.postgres_url) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
                    admin.execute(f'CREATE DATABASE "{database}"')
            except Exception as exc:  # no server: report SQLite only
                print(f"PostgreSQL skipped: {exc}")
            else:
                try:
                    runs += bench_database(
                        "PostgreSQL",
                        options.postgres_url,
                        files,
                        work / "pg-data",
                        checks=options.full,
                        with_triggers=options.trigger_floor,
                    )
                finally:
                    if not options.keep:
                        with postgres_admin(options.postgres_url) as admin:
                            admin.execute(f'DROP DATABASE IF EXISTS "{database}"')

        print()
        titles = f"{'Rows':>8} {'Seconds':>8} {'Rows/s':>8} {'Net/s':>8} {'Peak RSS':>9}"
        print(f"{'Database':<11} {'Run':<38} {titles}")
        baseline = {run.database: run.seconds for run in runs if run.rows <= 10}
        for run in runs:
            rate = run.rows / run.seconds if run.seconds else 0
            # Net of the start-up (Django, migrations check) measured by the 10-row run on the same database.
            busy = run.seconds - baseline.get(run.database, 0)
            net = f"{run.rows / busy:>8.0f}" if run.rows > 10 and busy > 0 else f"{'':>8}"
            figures = f"{run.rows:>8} {run.seconds:>8.1f} {rate:>8.0f} {net} {run.peak_mb:>6.0f} MB"
            print(f"{run.database:<11} {run.label:<38} {figures}")
        floors = [run for run in runs if run.label.startswith("COPY")]
        if floors:
            floor, committed = floors
            csv_run = next(
                run for run in runs if run.database == "PostgreSQL" and run.label == "CSV, new dossiers"
            )
            busy = csv_run.seconds - baseline["PostgreSQL"]
            print(
                f"\ncsv_import_net_rows_s={rows / busy:.0f} copy_rows_s={rows / floor.seconds:.0f} "
                f"ratio_vs_copy={floor.seconds / busy:.3f} "
                f"copy_committed_rows_s={rows / committed.seconds:.0f} "
                f"ratio_vs_committed_copy={committed.seconds / busy:.3f}"
            )
        reader = xlsx_reader_seconds(files["xlsx"][0])
        print(f"xlsx_reader_alone_s={reader:.1f} xlsx_reader_rows_s={rows / reader:.0f}")
    finally:
        if options.keep:
            print(f"Files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
