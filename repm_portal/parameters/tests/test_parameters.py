"""R-PARAM-1: the notified values as data, versions in force by date, amendments."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from repm_portal.audit.models import AuditEvent
from repm_portal.errors import NotAllowed, NotFound, RuleViolation, StateConflict, ValidationFailed
from repm_portal.money import crore
from repm_portal.parameters.models import ParameterVersion
from repm_portal.parameters.selectors import (
    parameter_version_in_force,
    parameters_in_force,
    parameters_of_version,
)
from repm_portal.parameters.services import parameter_amend

pytestmark = pytest.mark.django_db
NOTIFIED_ON = date(2025, 12, 15)  # S.O. 5800(E) is dated 15 December 2025


def test_r_param_1_notified_values_are_loaded_by_the_migration() -> None:
    p = parameters_in_force(NOTIFIED_ON)
    assert "S.O. 5800(E)" in p.authority
    assert p.decimal("financial_bid_ceiling_per_kg") == Decimal("2150.00")  # §3.4
    assert p.decimal("sli_turnover_cap_fraction") == Decimal("0.40")  # §4.2.iii
    assert p.decimal("capital_subsidy_rate") == Decimal("0.15")  # §4.3.i
    assert p.date("capital_subsidy_investment_from") == date(2025, 4, 1)
    assert p.integer("total_capacity_mtpa") == 6000  # §2.2
    assert p.decimal("scheme_outlay_cr") == Decimal(7280)
    assert p.days("milestone_reminder_days") == [90, 30, 7]
    assert p.date("scheme_start_date") is None  # R-PARAM-2: the first LoA decides


# Tables 1–5 of the notification, by capacity 600 … 1,200 MTPA, copied from its text.
NOTIFIED_TABLES = {
    "min_net_worth_cr": [180, 245, 245, 310, 310, 375, 375],  # Table 1 (R-BID-5)
    "pbg_cr": [20, 30, 30, 30, 40, 40, 40],  # Table 2 (R-BID-10)
    "sli_cap_cr": [645, 753, 860, 968, 1075, 1183, 1290],  # Table 3 (R-SLI-5)
    "capital_subsidy_cap_cr": [75, 100, 100, 120, 120, 150, 150],  # Table 4 (R-CAP-4)
    "milestone2_investment_cr": [300, 450, 450, 450, 600, 600, 600],  # Table 5 (R-MS-2)
}


@pytest.mark.parametrize(("key", "column"), NOTIFIED_TABLES.items())
def test_r_param_1_notified_tables(key: str, column: list[int]) -> None:
    table = parameters_in_force(date(2026, 6, 1)).table(key)
    assert table == {cap: Decimal(v) for cap, v in zip(range(600, 1300, 100), column, strict=True)}


def test_r_bid_12_irel_oxide_by_rank() -> None:
    oxide = parameters_in_force(NOTIFIED_ON).table("irel_oxide_mtpa")
    assert oxide == {1: 200, 2: 167, 3: 133, 4: 0, 5: 0}
    assert sum(oxide.values()) == 500  # §4.4.i: 500 MTPA in all


def test_r_out_1_outlay_adds_up_to_7280_crore() -> None:
    p = parameters_in_force(NOTIFIED_ON)
    capital = sum(p.table("outlay_capital_subsidy_cr").values())
    sli = sum(p.table("outlay_sli_cr").values())
    assert (capital, sli) == (750, 6450)
    assert capital + sli + p.decimal("admin_expenses_cr") == p.decimal("scheme_outlay_cr") == 7280


def test_a_table_row_in_rupees_and_a_missing_row_is_a_rule_violation() -> None:
    p = parameters_in_force(NOTIFIED_ON)
    assert p.crore_row("sli_cap_cr", 1200) == crore(1290) == Decimal("12900000000")
    with pytest.raises(RuleViolation, match="650") as error:
        p.row("pbg_cr", 650)
    assert error.value.rule == "R-BID-10"


def test_nothing_is_in_force_before_the_notification() -> None:
    with pytest.raises(NotFound, match="14 Dec 2025"):
        parameters_in_force(date(2025, 12, 14))


def test_r_param_1_amendment_changes_new_computations_not_old_ones(mhi) -> None:
    before = parameters_in_force(date(2026, 12, 31))
    recorded_version = before.version_id  # what a computation on 31 Dec 2026 keeps
    amended = parameter_amend(
        actor=mhi,
        effective_from=date(2027, 1, 1),
        authority="EGoS decision No. 3/2026 dated 10 Dec 2026",
        description="Ceiling lowered to ₹2,000/kg; Table 3 at 1,200 MTPA raised to ₹1,300 cr",
        changes={
            "financial_bid_ceiling_per_kg": "2000.00",
            "sli_cap_cr": {**before.raw()["sli_cap_cr"], "1200": "1300"},
        },
    )
    assert parameters_in_force(date(2026, 12, 31)).version_id == recorded_version
    assert parameters_in_force(date(2026, 12, 31)).decimal("financial_bid_ceiling_per_kg") == 2150
    after = parameters_in_force(date(2027, 1, 1))
    assert after.version_id == amended.pk
    assert after.decimal("financial_bid_ceiling_per_kg") == Decimal("2000.00")
    assert after.row("sli_cap_cr", 1200) == 1300
    assert after.row("sli_cap_cr", 600) == 645  # untouched values carry over
    # A computation that recorded the old version still reads the old values.
    old = parameters_of_version(recorded_version)
    assert old.decimal("financial_bid_ceiling_per_kg") == Decimal("2150.00")
    assert old.row("sli_cap_cr", 1200) == 1290
    event = AuditEvent.objects.get(action="parameters.amended")
    assert event.actor_id == mhi.pk
    assert event.before == {
        "financial_bid_ceiling_per_kg": "2150.00",
        "sli_cap_cr": before.raw()["sli_cap_cr"],
    }


def test_two_amendments_on_one_date_the_later_recorded_wins(mhi) -> None:
    first = parameter_amend(
        actor=mhi,
        effective_from=date(2027, 4, 1),
        authority="Order A",
        changes={"sla_sanction_days": "20"},
    )
    second = parameter_amend(
        actor=mhi,
        effective_from=date(2027, 4, 1),
        authority="Order B",
        changes={"sla_sanction_days": "21"},
    )
    assert parameter_version_in_force(date(2027, 4, 1)) == second
    assert second.supersedes == first


def test_r_param_1_versions_are_immutable(mhi) -> None:
    version = parameter_version_in_force(NOTIFIED_ON)
    version.authority = "edited"
    with pytest.raises(StateConflict):
        version.save()
    with pytest.raises(StateConflict):
        version.delete()
    assert ParameterVersion.objects.get(pk=version.pk).authority != "edited"


def test_only_mhi_records_amendments(pma, applicant) -> None:
    for user in (pma, applicant):
        with pytest.raises(NotAllowed):
            parameter_amend(
                actor=user,
                effective_from=date(2027, 1, 1),
                authority="X",
                changes={"sla_sanction_days": "20"},
            )
    assert ParameterVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sli_turnover_cap_fraction": "40"}, "between 0 and 1"),
        ({"financial_bid_ceiling_per_kg": "-1"}, "cannot be negative"),
        ({"financial_bid_ceiling_per_kg": "lots"}, "not a number"),
        ({"pbg_cr": {"600": "20"}}, "exactly the rows"),
        ({"bid_capacity_step_mtpa": "50.5"}, "whole number"),
        ({"no_such_parameter": "1"}, "Unknown scheme parameters"),
        ({"milestone_reminder_days": []}, "at least one"),
        ({"sla_sanction_days": "23"}, "changes no value"),
    ],
)
def test_bad_amendments_are_explained_and_change_nothing(mhi, changes, message) -> None:
    with pytest.raises(ValidationFailed, match=message):
        parameter_amend(
            actor=mhi, effective_from=date(2027, 1, 1), authority="Order X", changes=changes
        )
    assert ParameterVersion.objects.count() == 1
    assert not AuditEvent.objects.filter(action="parameters.amended").exists()


def test_mhi_records_an_amendment_in_the_admin(client, mhi) -> None:
    client.force_login(mhi)
    url = reverse("admin:parameters_parameterversion_add")
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data.update(
        {
            "effective_from": "2027-01-01",
            "authority": "EGoS order 7/2026",
            "description": "Sanction target 20 days",
            "p__sla_sanction_days": "20",
            "p__scheme_start_date": "",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert parameters_in_force(date(2027, 1, 1)).integer("sla_sanction_days") == 20
    assert parameters_in_force(date(2026, 12, 31)).integer("sla_sanction_days") == 23
    # An error from the service is shown on the form, not as a server error.
    data["p__sla_sanction_days"] = "19"  # same order and date as the version just recorded
    again = client.post(url, data)
    assert again.status_code == 200
    assert "already recorded" in again.content.decode()


def test_versions_cannot_be_edited_or_deleted_in_the_admin(client, admin_user) -> None:
    client.force_login(admin_user)
    version = parameter_version_in_force(NOTIFIED_ON)
    url = reverse("admin:parameters_parameterversion_delete", args=[version.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert ParameterVersion.objects.filter(pk=version.pk).exists()


def test_r_gov_2_the_parameters_page_gives_units_in_the_readers_language(client, mhi) -> None:
    """Units were plain strings once; they follow the reader's language like the labels."""
    from django.conf import settings

    client.force_login(mhi)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    page = client.get(reverse("web:parameters")).content.decode()
    for hindi in ("₹ करोड़", "सिफ़ारिश के बाद के दिन", "दाखिल करने के बाद के दिन", "दिन पहले"):
        assert hindi in page
    for english in ("₹ crore", "days after the recommendation", "days after filing", "days before"):
        assert english not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "days after filing" in client.get(reverse("web:parameters")).content.decode()


def test_r_gov_2_the_amendment_form_is_built_once_but_reads_in_each_language() -> None:
    from django.utils import translation

    from repm_portal.parameters.forms import ParameterAmendmentForm

    field = ParameterAmendmentForm.base_fields["p__sla_initial_scrutiny_days"]
    table_row = ParameterAmendmentForm.base_fields["p__pbg_cr__600"]
    with translation.override("hi"):
        assert str(field.help_text) == "R-SLI-10 · दाखिल करने के बाद के दिन"
        assert str(table_row.label).endswith("600 आवंटित क्षमता (MTPA)")
    with translation.override("en"):
        assert str(field.help_text) == "R-SLI-10 · days after filing"
        assert (
            str(table_row.label)
            == "Table 2 – Performance Bank Guarantee: 600 allocated capacity (MTPA)"
        )
