"""Settings come from the environment and fail loudly on a bad value (CONVENTIONS: Settings)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"DJANGO_DEBUG": "perhaps"}, "perhaps"),
        ({"DJANGO_SECRET_KEY": "too-short"}, "at least 50 characters"),
        ({"DATABASE_URL": "nosuchdb://x"}, "nosuchdb"),
        ({"AXES_FAILURE_LIMIT": "five"}, "five"),
    ],
)
def test_a_bad_setting_stops_the_portal_with_its_name(env: dict[str, str], words: str) -> None:
    result = run_check(**env)
    assert result.returncode != 0
    assert words in result.stderr


def test_embedded_mode_runs_tasks_in_process_and_service_mode_over_redis() -> None:
    if settings.REDIS_URL:
        assert settings.CELERY_TASK_ALWAYS_EAGER is False
        assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    else:
        assert settings.CELERY_TASK_ALWAYS_EAGER is True
        assert settings.CELERY_BROKER_URL == "memory://localhost/"
