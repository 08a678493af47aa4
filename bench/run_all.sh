#!/usr/bin/env bash
# Every benchmark of issue #19 on one tree, one after another, in one sitting (about 17 minutes):
# the public writes (ratings, feedback, both forms), dossier create, the public reads, the statements and
# CPU per request in-process, and the import. Run on a machine with nothing else running.
#
#   bash bench/run_all.sh                                  # this checkout
#   TREE=/tmp/other PY=$PWD/.venv/bin/python bash bench/run_all.sh   # a git worktree of another commit
#
# Needs the shared kit prepared (bash ../shared/bench/setup_peer.sh), PostgreSQL on 127.0.0.1:5432 with a
# database `test`, and Redis on 127.0.0.1:6379 (database 13 is emptied). DURATION and WARMUP as in each script.
set -u
TREE=${TREE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PY=${PY:-$TREE/.venv/bin/python}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
cd "$TREE"
export BENCH_KIT=${BENCH_KIT:-$(cd "$TREE/../shared/bench" 2>/dev/null && pwd)} DURATION=${DURATION:-10} WARMUP=${WARMUP:-3}
status=0
# bench NAME LINES COMMAND...: the last LINES lines the command prints; status 1 if it failed.
bench() {
  local name=$1 lines=$2
  shift 2
  echo "== $name $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  "$@" 2>&1 | tail -n "$lines"
  [ "${PIPESTATUS[0]}" = 0 ] || { echo "== $name FAILED"; status=1; }
}
bench ratings 3 "$PY" bench/ratings_load.py
bench feedback 3 "$PY" bench/feedback_load.py
bench forms 4 "$PY" bench/forms_load.py
bench dossiers 1 env DBS=postgres "$PY" bench/api_load.py
bench reads 5 "$PY" bench/board_load.py
bench profile 6 env REDIS_URL=redis://127.0.0.1:6379/13 DATABASE_URL="$PG/test" N=1000 \
  PATHS="ratings feedback dossiers rating_form feedback_form lookup" JSON_ONLY=1 "$PY" bench/writes_profile.py
bench import 8 "$PY" bench/import_bench.py --no-sqlite --postgres-url "$PG/m_import_bench"
echo "== done $(date +%T)"
exit $status
