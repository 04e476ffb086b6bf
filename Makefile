# `make run` starts the portal with demo data; `make test` runs the whole suite. Both set up .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint clean bench bench-reminders bench-csv bench-staff bench-sign-in screenshots
.DELETE_ON_ERROR:

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

# WeasyPrint prints the PDFs with Pango, HarfBuzz and a font from Debian; installed only when one is missing.
PDF_LIBRARIES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

$(VENV)/.runtime: $(BIN)/python requirements.txt
	dpkg -s $(PDF_LIBRARIES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(PDF_LIBRARIES); }
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# The real OpenID provider the sign-in tests run on loopback (Node.js 20+, npm; the lock file is committed).
OIDC_PROVIDER := tests/oidc_provider/node_modules/.package-lock.json

$(OIDC_PROVIDER): tests/oidc_provider/package.json tests/oidc_provider/package-lock.json
	npm ci --prefix tests/oidc_provider --no-audit --no-fund

# Without DATABASE_URL/REDIS_URL: SQLite and Celery's filesystem transport under var/. On PostgreSQL, DATABASE_URL
# names the runtime role and MIGRATION_DATABASE_URL the tables' owner: migrate runs as the owner and grants the
# runtime role, and the check warns if the portal's role could switch off the audit trail (README, "Deploying").
# Ctrl-C stops the web server, the worker and beat together. seed_demo migrates on the demo's clock, so the trail's
# times run forward. Each email prints as one line (policyportal/email_backends.py), the worker and beat only their
# warnings, and the demo logins and the address print last, once the web server answers.
PORTAL := http://127.0.0.1:8000
run: export DJANGO_DEBUG ?= 1
run: export DJANGO_HTTPS ?= 0
run: $(VENV)/.runtime
	mkdir -p var/celery/queue var/celery/processed var/media
	$(BIN)/python manage.py seed_demo --migrate > var/demo-logins.txt
	$(BIN)/python manage.py check --database default
	@trap 'kill $$pids 2>/dev/null; wait' INT TERM EXIT; \
	$(BIN)/celery -A policyportal worker --loglevel=WARNING --concurrency=2 & pids="$$!"; \
	$(BIN)/celery -A policyportal beat --loglevel=WARNING & pids="$$pids $$!"; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000 & pids="$$pids $$!"; \
	{ until $(BIN)/python -c 'import urllib.request as r; r.urlopen("$(PORTAL)/accounts/login/")' 2>/dev/null; do sleep 1; done; \
	  sleep 3; echo; cat var/demo-logins.txt; \
	  echo "The portal: $(PORTAL)  (Ctrl-C stops the web server, worker and beat)"; } & pids="$$pids $$!"; \
	wait

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/djlint templates --check
	DJANGO_SETTINGS_MODULE=tests.settings DATABASE_URL=sqlite:// $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=sqlite:// $(BIN)/mypy

# Uses DATABASE_URL/REDIS_URL when set; REQUIRE_SERVICES=1 turns a missing service into a failure.
test: lint $(OIDC_PROVIDER)
	$(BIN)/pytest

# The README's screenshots: the main pages of each role on the demo data, through the browser harness.
screenshots: $(VENV)/.dev
	$(BIN)/pytest -m screenshots -p no:cacheprovider tests/browser/test_screenshots.py

clean:
	rm -rf $(VENV) var staticfiles tests/oidc_provider/node_modules

# Benchmarks on PostgreSQL (DATABASE_URL), each in a database of its own:
# one reminder sweep over 5,000 active sites, and the audit trail's CSV export of 100,000 events.
# The portal at district scale (bench/README.md): seeds 2,000,000 audit events and more, then load-tests
# every main page with wrk at 1 and 8 users beside the Django admin and the raw SQL (bench/results.json),
# the people page in a district of 20,000 people among them; then the staff import of 20,000 OneRoster staff
# (bench/staff_import.json), then 200 sign-ins through the real OpenID provider (bench/sign_in.json); each fails
# the run when over its budget. About ten minutes.
bench: $(VENV)/.dev $(OIDC_PROVIDER)
	command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python bench/run.py
	$(BIN)/python bench/staff_import.py 20000
	$(BIN)/python bench/sign_in.py 200

bench-reminders: $(VENV)/.runtime
	$(BIN)/python bench/reminder_sweep.py 5000

bench-csv: $(VENV)/.runtime
	$(BIN)/python bench/csv_export.py 100000

# The staff import of 20,000 OneRoster staff into an empty district, then the same files again (bench/staff_import.json).
bench-staff: $(VENV)/.runtime
	$(BIN)/python bench/staff_import.py 20000

# 200 sign-ins through the tests' OpenID provider on loopback: the portal's own time, the provider's excluded
# (bench/sign_in.json). It drives the provider with the tests' helpers, hence the dev requirements.
bench-sign-in: $(VENV)/.dev $(OIDC_PROVIDER)
	$(BIN)/python bench/sign_in.py 200
