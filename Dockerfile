# REPM Scheme Portal: one image for web (gunicorn), migrate, Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=repm_portal.settings \
    STATIC_ROOT=/app/staticfiles \
    PRIVATE_MEDIA_ROOT=/data/private \
    REPM_VAR_DIR=/data/var

# Pango/HarfBuzz for WeasyPrint, Noto for Devanagari glyphs in PDFs,
# libmagic for upload sniffing, gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-noto-core \
        libmagic1 \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin app

WORKDIR /app

# packages = [] in pyproject: the apps are run from the source tree, so it all goes in /app.
COPY . /app

# pyproject names README.md as the readme; the build fails without one.
RUN if [ ! -f README.md ]; then printf '# REPM Scheme Portal\n' > README.md; fi \
    && pip install --no-cache-dir .

# Static files and .mo catalogues are baked in. The throwaway key lives only in this RUN
# line: without one, settings would generate a key file and leave it in an image layer.
# mkdir: git does not keep an empty locale/, and compilemessages fails without one.
RUN mkdir -p locale \
    && export DJANGO_SECRET_KEY=build-time-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
    && python manage.py collectstatic --noinput \
    && python manage.py compilemessages

# Code stays root-owned (read-only to the app); only /data is writable. Creating /data here
# with app ownership makes a fresh named volume mounted on it inherit that ownership.
RUN mkdir -p /data/private /data/var \
    && chown -R app:app /data \
    && chmod 750 /data/private

USER app

EXPOSE 8000

# No HEALTHCHECK here: worker and beat share this image; compose sets one per service.
CMD ["gunicorn", "repm_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
