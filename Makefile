# RUKO PARSEL — every documented command is a target here. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/ruko_parsel

.DEFAULT_GOAL := help
.PHONY: help run test tools lint format serve bench messages compile check-postgres clean backup restore

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

run: compile ## run the portal with demo content on SQLite at http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_villages
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: tools compile check-postgres ## set up everything, then run the import contracts and the whole test suite on PostgreSQL
	$(BIN)/lint-imports --no-cache
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python manage.py makemigrations --check --dry-run --settings=portal.settings.test
	CHROMIUM_PATH=$$(bash scripts/ensure-tools.sh) DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest $(PYTEST_ARGS)

# gettext and Chromium: installed with apt-get when missing (as root), else a clear message.
tools:
	@bash scripts/ensure-tools.sh >/dev/null

check-postgres:
	@bash scripts/ensure-postgres.sh "$${DATABASE_URL:-$(PG_URL)}"

lint: $(STAMP) ## ruff check, format check and the import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(STAMP) ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

MAKEMESSAGES := $(BIN)/python manage.py makemessages -l id -l en --no-obsolete --no-location \
	--ignore=.venv --ignore=tests --ignore=bench --ignore=node_modules --ignore=staticfiles --ignore=templates/wagtailadmin

messages: $(STAMP) ## refresh the catalogues (locale/ and each app's locale/) from the code
	$(MAKEMESSAGES)
	$(MAKE) compile

compile: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

serve: compile ## production-like: gunicorn + whitenoise, DEBUG=False, on 127.0.0.1:8000
	DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} \
	PRIVATE_MEDIA_ROOT=$${PRIVATE_MEDIA_ROOT:-$${XDG_DATA_HOME:-$$HOME/.local/share}/ruko-parsel/private-media} \
	sh -c '$(BIN)/python manage.py collectstatic --noinput -v0 && $(BIN)/python manage.py migrate --noinput && \
	$(BIN)/gunicorn portal.wsgi --bind 127.0.0.1:8000 --workers $${WEB_CONCURRENCY:-3}'

backup: $(STAMP) ## database dump + media + private media with a SHA-256 manifest into BACKUP_DIR (default backups/)
	$(BIN)/python manage.py backup $(BACKUP_ARGS)

restore: $(STAMP) ## put a backup back into an empty database and media folders: make restore FROM=backups/ruko-...
	@test -n "$(FROM)" || { echo "Say which backup: make restore FROM=backups/ruko-YYYYMMDD-HHMMSS"; exit 2; }
	$(BIN)/python manage.py restore "$(FROM)"

bench: compile check-postgres ## large data set, production-like server, load figures (see bench/README.md)
	$(BIN)/python bench/run.py
	BENCH_REUSE_DB=1 $(BIN)/python bench/pages.py
	BENCH_REUSE_DB=1 $(BIN)/python bench/burst.py
	$(BIN)/python bench/booking.py
	$(BIN)/python bench/signed_in.py

clean: ## remove the virtual environment, SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles media
