# One image for web, worker and beat (docker-compose.yml picks the command).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    CASCADE_VAR_DIR=/srv/cascade/var MEDIA_ROOT=/srv/cascade/media

# WeasyPrint: Pango + HarfBuzz; a Times-compatible serif with every Vietnamese glyph.
# Scans and photos: Tesseract OCR with its Vietnamese data.
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-liberation2 fontconfig libpango-1.0-0 \
      libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-client tesseract-ocr tesseract-ocr-vie antiword \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input --verbosity 0 \
 && useradd --system --home /srv/cascade cascade \
 && mkdir -p /srv/cascade/var /srv/cascade/media && chown -R cascade /srv/cascade
USER cascade
EXPOSE 8000
CMD ["gunicorn", "cascade.wsgi", "--config", "python:cascade.gunicorn_conf", "--bind", "0.0.0.0:8000"]
