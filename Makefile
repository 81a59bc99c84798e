# Shortcuts; each target is one of the scripts or commands the README names.
.PHONY: run test lint ci worker beat
run:
	scripts/run
test:
	scripts/test
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports && .venv/bin/mypy .
worker:
	.venv/bin/celery -A repm_portal worker -l info
beat:
	.venv/bin/celery -A repm_portal beat -l info
ci:
	bash .ci/run
