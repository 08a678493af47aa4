# One image for the web processes, the Huey workers and the migrate job (see compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=thanthien.settings \
    DEBUG=false \
    THANTHIEN_DATA_DIR=/data \
    STATIC_ROOT=/app/staticfiles \
    GRANIAN_WORKERS=2

# Install from a copy of the source, then drop it: the code runs from site-packages.
COPY pyproject.toml /src/
COPY thanthien /src/thanthien
RUN pip install /src && rm -rf /src

# Translations (.po -> .mo, with gettext only for this step) and static files are part of the image;
# the key is a throwaway that only lets the settings load.
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && cd "$(python -c 'import pathlib, thanthien; print(pathlib.Path(thanthien.__file__).parent)')" \
    && SECRET_KEY=build-only-not-a-secret thanthien compilemessages \
    && apt-get purge -y --auto-remove gettext \
    && rm -rf /var/lib/apt/lists/*
# LibreOffice's Writer makes the letters' PDF (each conversion in a profile of its own, so the user below
# needs no home). The letters name Times New Roman; fonts-liberation2 has its metrics and the Vietnamese
# letters (Liberation 1.x lacks them, and the PDF would mix fonts). `--build-arg WITH_LIBREOFFICE=false`
# leaves it out (about 200 MB): Word files only.
ARG WITH_LIBREOFFICE=true
RUN if [ "$WITH_LIBREOFFICE" = "true" ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core \
        && rm -rf /var/lib/apt/lists/*; \
    fi
RUN SECRET_KEY=build-only-not-a-secret thanthien collectstatic --noinput \
    && useradd --system --uid 10001 --no-create-home --home-dir /app thanthien \
    && mkdir -p /data \
    && chown thanthien /data

USER thanthien
VOLUME ["/data"]
EXPOSE 8000

# Behind a reverse proxy that terminates TLS; GRANIAN_WORKERS sets the processes per container (about two
# per core). One thread per process: granian's default pool of hundreds of threads per process made a dossier
# POST 0.7x as fast with p99 420 ms instead of 92 ms (bench/api_load.py, PostgreSQL, 05/12/2026).
ENV GRANIAN_BLOCKING_THREADS=1
CMD ["granian", "--interface", "wsgi", "--host", "0.0.0.0", "--port", "8000", "thanthien.wsgi:application"]
