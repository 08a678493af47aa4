"""GET of the transparency board's JSON and of a commune's public home under the shared kit's load, beside
the kit's GET floor (`/ping/`, no database) measured in the same run.

    .venv/bin/python bench/board_load.py              # about 1.5 minutes
    DURATION=5 WARMUP=2 .venv/bin/python bench/board_load.py

Ours: a throwaway PostgreSQL cluster (the kit's pg_up) and gunicorn (the kit's gunicorn_up, 2 workers),
settings `bench/board_settings.py` (ours with the board API's per-address limit lifted: wrk is one client).
The commune gets 200 dossiers over the year, 20 posted disclosures and 3 announcements, so the board's
figures count real rows. Then wrk (the kit's loadtest.sh: 1 thread, CONCURRENCY connections, closed loop,
EXPECT=200): a warm-up, then DURATION seconds on each path. Prints one line per path:

    target=board_json rps=… p50_ms=… p99_ms=… errors=… cpu_ms=W+P+R idle=… floor_get_rps=… ratio_vs_floor=…

`cpu_ms` is the CPU milliseconds per answered request of our gunicorn (W), our PostgreSQL (P) and the
Redis server (R); `idle` the share of the machine's CPU left idle meanwhile (wrk's own CPU is not idle).

Ours runs as a province would deploy it: with Redis (`BENCH_REDIS_URL`, default database 13 of the local
Redis, emptied before and after; without a Redis there, the file cache, and the line says `cache=file`).
Both paths are whole pages kept per process (core/public_cache.py); the board JSON still counts every
request against the per-address limit, in Redis, in one round trip.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DURATION", "10")
os.environ.setdefault("WARMUP", "3")
os.environ.setdefault("OURS_SETTINGS", "board_settings")
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(Path(__file__).resolve().parent), os.environ.get("PYTHONPATH", "")]
).rstrip(os.pathsep)

from _kit import (
    KIT,
    LOADTEST,
    Knobs,
    Ours,
    begin,
    bench_redis_url,
    kit_sh,
    log,
    ratio,
    redis_env,
    run_peer_and_floor,
    set_up_ours,
)

FILL = """
import random
from datetime import date, datetime, time, timedelta
from django.utils import timezone
from thanthien.disclosure import services
from thanthien.disclosure.models import DisclosureObligation, Place
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.dossiers import services as dossier_services
commune.slug = "bench-xa"
commune.save(update_fields=["slug"])
Membership.objects.create(user=user, unit=commune, role=Role.LEADER)
procedure = make_procedure("BENCH-1", "Chứng thực bản sao", "1")
for n in range(200):
    dossier_services.receive_dossier(
        commune, procedure=procedure, applicant_name="Người Thử", applicant_phone="0912345678", by=user
    )
today = timezone.localdate()
start = today.replace(month=1, day=1)
zone = timezone.get_current_timezone()
random.seed(1)
for pk in Dossier.objects.values_list("pk", flat=True):
    day = start + timedelta(days=random.randrange((today - start).days + 1))
    Dossier.objects.filter(pk=pk).update(received_at=datetime.combine(day, time(9), tzinfo=zone))
budget = DisclosureObligation.objects.get(code="budget")
for n in range(20):
    item = services.publish_disclosure(
        commune, by=user, obligation=budget, title=f"Dự toán {n}", approved_on=today - timedelta(days=40)
    )
    services.record_posting(item, by=user, place=Place.COMMUNE_OFFICE, posted_on=today - timedelta(days=n))
for n in range(3):
    services.create_announcement(
        commune, by=user, category="event", title=f"Tin {n}", body="Nội dung",
        publish_at=timezone.now() - timedelta(hours=n + 1),
    )
print("filled", Dossier.objects.filter(commune=commune).order_by("pk").values_list("code", flat=True).first())
"""
PATHS = {
    "board_json": "/api/v1/public/communes/bench-xa/board",
    "home": "/x/bench-xa/",
    "procedures": "/x/bench-xa/thu-tuc/",
    "procedure": "/x/bench-xa/thu-tuc/BENCH-1/",
    "lookup": "/x/bench-xa/tra-cuu/?ma={code}&so=5678",  # the dossier's code and its phone's last 4 digits
}


def get_load(ours: Ours, url: str, label: str, seconds: int) -> dict[str, str]:
    """wrk's figures for one path, with the CPU milliseconds per answered request of our gunicorn, our
    PostgreSQL and the Redis server, and the share of the machine's CPU left idle during the run."""
    env = {**ours.env, "DURATION": str(seconds), "EXPECT": "200", "LABEL": label}
    before = (ours.cpu_seconds(), redis_cpu_seconds(), machine_idle())
    line = kit_sh(f'"{LOADTEST}" "{url}" GET', env=env).strip().splitlines()[-1]
    (web, database), redis_cpu, (idle, total) = ours.cpu_seconds(), redis_cpu_seconds(), machine_idle()
    result = dict(pair.split("=", 1) for pair in line.split()[1:])
    answered = max(1, int(result.get("ok", "0")) or round(float(result["ok_rps"]) * seconds))
    spent = (web - before[0][0], database - before[0][1], redis_cpu - before[1])
    result["cpu_ms"] = "+".join(f"{seconds_spent * 1000 / answered:.2f}" for seconds_spent in spent)
    result["idle"] = f"{(idle - before[2][0]) / max(1, total - before[2][1]):.2f}"
    return result


def redis_cpu_seconds() -> float:
    """CPU seconds the local Redis server has used (0 when it is not this machine's or not there)."""
    import redis

    try:
        info = redis.Redis.from_url(bench_redis_url()).info("cpu")
    except redis.ConnectionError:
        return 0.0
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])


def machine_idle() -> tuple[int, int]:
    """The machine's idle and total CPU ticks so far (/proc/stat's first line)."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return ticks[3] + ticks[4], sum(ticks)


def main() -> None:
    knobs = Knobs("disclosure-board-pg")
    work = begin("bench-board.", (LOADTEST,), hint=f" (the shared kit, in {KIT})")
    floor = run_peer_and_floor(knobs, work, ["floor"])
    extra = redis_env()
    ours = Ours(knobs, work, extra_env=extra)
    results = {}
    try:
        ours.pg_up()
        log("migrate and fill (200 dossiers, 20 disclosures, 3 announcements)")
        _key, filled = set_up_ours(ours.env, work / "ours-setup.log", FILL)
        code = filled.split()[-1]
        base = ours.gunicorn_up()
        chosen = os.environ.get("READS", " ".join(PATHS)).split()
        for target, path in ((t, p.format(code=code)) for t, p in PATHS.items() if t in chosen):
            get_load(ours, base + path, f"{target}-warmup", knobs.warmup)
            results[target] = get_load(ours, base + path, target, knobs.duration)
    finally:
        ours.gunicorn_down()
        ours.pg_down()
        if extra:
            redis_env()  # empties it again
    floor_rps = floor["floor_get_rps"]
    for target, result in results.items():
        print(
            f"target={target} rps={result['ok_rps']} p50_ms={result['p50_ms']} p99_ms={result['p99_ms']} "
            f"errors={result['errors']} cpu_ms={result['cpu_ms']} idle={result['idle']} "
            f"cache={'redis' if extra else 'file'} floor_get_rps={floor_rps} "
            f"floor_get_p99_ms={floor['floor_get_p99_ms']} "
            f"ratio_vs_floor={ratio(float(result['ok_rps']), float(floor_rps))}",
            flush=True,
        )


if __name__ == "__main__":
    main()
