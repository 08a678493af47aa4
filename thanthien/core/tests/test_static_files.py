"""`collectstatic` as a release runs it: DEBUG off, whitenoise's manifest storage, into a folder of its own.

The manifest storage rewrites every reference a CSS or JS file makes (url(), @import, sourceMappingURL) to
the hashed name, and stops the release when the file referred to is not shipped, as a vendored library's
`//# sourceMappingURL=….map` once did. Run in a child process so the settings are the production ones.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROJECT = Path(settings.BASE_DIR).parent


def collectstatic(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "collectstatic-test-not-a-secret",
        "THANTHIEN_DATA_DIR": str(tmp_path / "data"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(PROJECT / "manage.py"), "collectstatic", "--noinput"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_collectstatic_with_debug_off_hashes_and_compresses_every_static_file(tmp_path):
    result = collectstatic(tmp_path)

    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    ours = {
        path.relative_to(folder).as_posix()
        for folder in settings.STATICFILES_DIRS
        for path in Path(folder).rglob("*")
        if path.is_file()
    }
    assert ours <= manifest.keys()
    hashed = tmp_path / "static" / manifest["vendor/chart.umd.min.js"]
    assert hashed.is_file() and hashed.with_name(hashed.name + ".gz").is_file()


def test_no_static_file_points_at_a_source_map_that_is_not_shipped():
    missing = []
    for folder in settings.STATICFILES_DIRS:
        for path in Path(folder).rglob("*"):
            if path.suffix not in {".js", ".css"}:
                continue
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                if "sourceMappingURL=" in line:
                    target = line.split("sourceMappingURL=", 1)[1].strip().rstrip("*/").strip()
                    if not target.startswith("data:") and not (path.parent / target).is_file():
                        missing.append(f"{path.relative_to(folder)} → {target}")

    assert missing == []
