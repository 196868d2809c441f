# Education, health and care plans service. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# Two pytest-xdist workers, one per core; each starts its own servers (tests/conftest.py). A module
# whose tests share a module-scoped fixture stays on one worker (loadgroup). Serially: make test PYTEST_ARGS=
PYTEST_ARGS ?= -n 2 --dist loadgroup
export FLASK_APP := app
# make is the developer's tool: it opts into development (embedded fakes, /dev/outbox). The app itself
# defaults to production, as the container does (infra/Dockerfile); set APP_ENV to override.
export APP_ENV ?= development

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z][a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/flask: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/flask

.PHONY: install
install: $(BIN)/flask ## Create .venv and install the Python packages

# checkov gets a venv of its own: it pins boto3 exactly, to a version the app's cannot share.
CHECKOV_VENV := .venv-checkov
$(CHECKOV_VENV)/bin/checkov: pyproject.toml
	test -d $(CHECKOV_VENV) || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet --upgrade pip
	$(CHECKOV_VENV)/bin/pip install --quiet --group infra-check
	touch $@

# Offline: --skip-download keeps checkov from fetching external checks and guidelines; the
# Kubernetes schemas ship inside kubernetes-validate. Each skip is justified beside its resource.
K8S_VERSION ?= 1.31.0
.PHONY: infra-check
infra-check: install $(CHECKOV_VENV)/bin/checkov ## Check infra/: checkov on the Terraform, Kubernetes and Dockerfiles (0 failed), the manifests against the Kubernetes schemas
	$(BIN)/kubernetes-validate --strict --quiet --kubernetes-version $(K8S_VERSION) infra/k8s/*.yaml
	cd infra && ../$(CHECKOV_VENV)/bin/checkov --directory . --framework terraform kubernetes dockerfile --skip-download --quiet --compact
	@if command -v terraform > /dev/null; then terraform fmt -check -recursive infra/terraform 2> /dev/null; fi

static/node_modules/.package-lock.json: static/package.json static/package-lock.json
	cd static && npm ci --no-audit --no-fund --legacy-peer-deps
	touch $@

.PHONY: assets
assets: static/node_modules/.package-lock.json ## Copy GOV.UK Frontend, MoJ Frontend and our own assets into static/dist (served at /assets)
	@rm -rf static/dist && mkdir -p static/dist/moj static/dist/autocomplete
	@G=static/node_modules/govuk-frontend/dist/govuk; \
	  cp $$G/govuk-frontend.min.css $$G/govuk-frontend.min.js static/dist/ && cp -r $$G/assets/* static/dist/
	@M=static/node_modules/@ministryofjustice/frontend/moj; \
	  cp $$M/moj-frontend.min.css $$M/moj-frontend.min.js static/dist/moj/ && cp -r $$M/assets/images static/dist/moj/ && \
	  cp $$M/assets/images/* static/dist/images/  # moj-frontend.min.css asks for /assets/images/icon-*.svg
	@A=static/node_modules/accessible-autocomplete/dist; \
	  cp $$A/accessible-autocomplete.min.css $$A/accessible-autocomplete.min.js static/dist/autocomplete/
	@cp -r static/src/* static/dist/
	@echo "Assets copied to static/dist"

.PHONY: migrate
migrate: install ## Apply database migrations (DATABASE_URL, SQLite by default) and load the local authorities
	@mkdir -p var
	$(BIN)/alembic upgrade head
	$(BIN)/flask load-local-authorities

.PHONY: demo-data
demo-data: migrate ## Load the list of settings (GIAS; a quick no-op once loaded), the demo family and caseworkers
	$(BIN)/flask load-settings
	$(BIN)/flask seed-demo
	$(BIN)/flask plan-phase-transfers

.PHONY: run
run: install assets demo-data ## Start the service on http://127.0.0.1:$(PORT) with embedded defaults
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT) --no-debugger --no-reload  # errors get the GOV.UK page, never the interactive debugger

.PHONY: worker
worker: install ## Start an RQ worker and the scheduler (needs REDIS_URL)
	$(BIN)/python -m workers

.PHONY: system-packages
system-packages: ## Install the missing system packages the tests need (PostgreSQL, Redis, Chromium, Java, ClamAV, Node)
	@bash scripts/system-packages.sh

.PHONY: test
test: system-packages install assets ## Run lint, the import contracts, mypy, the infrastructure checks and every test (2 xdist workers); the tests start PostgreSQL, Redis, S3, clamd and fake Notify
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(MAKE) --no-print-directory infra-check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: install ## Lint, check formatting, the import contracts and the types (mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

.PHONY: format
format: install ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.PHONY: bench
bench: system-packages install assets ## Run every benchmark, one `name: value unit` line per figure
	$(BIN)/python -m bench

.PHONY: load
load: install assets ## Load test: seed the synthetic data on PostgreSQL, start gunicorn, run locust for LOAD_SECONDS (60); prints throughput, p50/p95/p99 per page, errors
	$(BIN)/python bench/load.py

.PHONY: clean
clean: ## Remove the venv, built assets and local data
	rm -rf $(VENV) $(CHECKOV_VENV) static/dist static/node_modules var
