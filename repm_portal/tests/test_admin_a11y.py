"""The admin's accessibility fixes, without a browser (the axe test is tests/browser)."""

import pytest
from django.conf import settings


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "part"), [("en", ("Date", "Time")), ("hi", ("तिथि", "समय"))])
def test_r_gov_1_split_date_time_inputs_have_a_name(client, admin_user, language, part) -> None:
    """Celery beat's field names are its own (English); the parts follow the language."""
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/admin/django_celery_beat/periodictask/add/").content.decode()
    assert 'id="id_start_time_0"' in page
    for each in part:
        assert f'aria-label="Start Datetime – {each}"' in page


@pytest.mark.django_db
def test_r_gov_1_admin_breadcrumb_links_are_underlined(client, admin_user) -> None:
    admin_user.is_superuser = True
    admin_user.save(update_fields=["is_superuser"])
    client.force_login(admin_user)
    page = client.get("/admin/accounts/user/").content.decode()
    assert "css/admin.css" in page
    assert "REPM Scheme Portal – administration" in page
    assert "accessibility fixes" not in page  # the template's comment stays a comment
