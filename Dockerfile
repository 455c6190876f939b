# SSC Portal production image: gunicorn serves the web app (static files through WhiteNoise);
# the same image runs the Celery worker (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint 70 (pip wheels) needs Pango, HarfBuzz (with its subsetter) and fontconfig from the
# system, plus at least one font. `fontconfig` builds the system font cache at install time, so
# the non-root user never needs a writable cache.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fontconfig \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .

# Settings refuse to import without SECRET_KEY; this dummy exists only for this RUN step and is
# not baked into the image. DEBUG is off, so WhiteNoise's compressed manifest storage is used.
RUN SECRET_KEY=build-only-collectstatic-not-secret python manage.py collectstatic --noinput

# Uploaded papers and rendered PDFs. Created here, owned by the app user, so a fresh named
# volume mounted on it inherits that ownership.
ENV MEDIA_ROOT=/data/media
RUN mkdir -p /data/media && chown app:app /data/media
VOLUME ["/data/media"]

# The Headlines signing key (workers only) and its certificate (workers and web): see
# docker-compose.yml. The key's folder is the app user's alone.
RUN mkdir -p /data/signing-key /data/signing-cert \
    && chown app:app /data/signing-key /data/signing-cert \
    && chmod 700 /data/signing-key

# The code and collected static files stay root-owned: the app user can read but not change them.
USER app

EXPOSE 8000

CMD ["gunicorn", "sscportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
