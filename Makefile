# Cascade — the two commands: `make run` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Tests always run on PostgreSQL and Redis; override for another server or database name.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cascade
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
# Both cores: pytest-xdist runs the suite in two processes (each with its own test database).
PYTEST_ARGS ?= -n 2
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint typecheck format check-deploy system-deps browser-deps services backup restore clean help

help:
	@echo "make run    install, migrate, load the demo and start web + worker + beat on http://127.0.0.1:8000"
	@echo "make test   lint + type check + the whole test suite on PostgreSQL and Redis"

$(VENV)/.run-deps: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

# WeasyPrint needs Pango and HarfBuzz; official documents need a Times-like serif with every
# Vietnamese glyph: Liberation Serif 2.x (fonts-liberation2; the 1.x of fonts-liberation lacks
# the precomposed Vietnamese letters U+1EA0–U+1EF9) is metric-compatible with Times New Roman.
# Scans and photos are read by Tesseract with its Vietnamese data (tesseract-ocr-vie; OSD data
# comes with tesseract-ocr).
system-deps:
	@if ! fc-list ":charset=1ea0" family 2>/dev/null | grep -qi "Liberation Serif" || ! ldconfig -p | grep -q libpangoft2-1.0 \
			|| ! tesseract --list-langs 2>/dev/null | grep -qx vie || ! command -v antiword >/dev/null; then \
		echo "Installing fonts, Pango, Tesseract OCR and antiword (apt-get)…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			fonts-liberation2 fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils \
			tesseract-ocr tesseract-ocr-vie antiword; \
	fi

# Browser tests drive Debian's chromium through Playwright (no browser download).
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing chromium for browser tests (apt-get)…"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; \
	fi

run: system-deps $(VENV)/.run-deps
	@mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py load_demo
	@echo "Cascade: http://127.0.0.1:$${WEB_PORT:-8000}  (Ctrl-C stops web, worker and beat)"
	$(VENV)/bin/honcho start -f Procfile

lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy with the django-stubs plugin over the app packages (accounts, cascade, directives, reports):
# untyped defs are checked too, the pure modules (parsing, deadline rules, working calendar,
# timeliness) strictly; settings in pyproject.toml. tests/ is excluded there: factory_boy types
# `XFactory()` as the factory, not the model, so typed fixtures would need a cast on every call, and
# pytest runs every line of the tests anyway.
typecheck: $(VENV)/.dev-deps
	$(VENV)/bin/mypy .

format: $(VENV)/.dev-deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: system-deps browser-deps $(VENV)/.dev-deps lint typecheck
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} REDIS_URL=$${REDIS_URL:-$(TEST_REDIS_URL)} \
		$(PY) -m pytest $(PYTEST_ARGS)

# Backups: the database (pg_dump, or the SQLite file) and the uploaded files, with a manifest of row
# counts and checksums. Restore checks them; see docs/security.md.
BACKUP_DIR ?= var/backups
backup: $(VENV)/.run-deps
	$(PY) manage.py backup --output $(BACKUP_DIR)

restore: $(VENV)/.run-deps
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=$(BACKUP_DIR)/cascade-YYYYmmdd-HHMMSS"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(YES),--yes,)

# `check --deploy` with production-shaped settings (see README for the justified warnings).
check-deploy: $(VENV)/.run-deps
	DEBUG=false CASCADE_HTTPS=true SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=cascade.example.vn \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles var/broker var/celery-results var/cache
