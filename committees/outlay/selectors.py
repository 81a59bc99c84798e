"""The outlay dashboard's reads (R-OUT-1/2): every figure from a grouped aggregate query, so the
number of queries stays the same however many claims, invoices or expenses there are.

As of a date, an event counts when it happened on or before that date (IST): a claim by its
filing, a sanction by its sanction, a disbursement by its date of payment, a refund demand by
its issue, a recovery or an expense by the day it was received or paid; the parameters are the
version in force on that date (R-PARAM-1).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bidding.models import Beneficiary, BeneficiaryStatus
from incentives.models import CapitalSubsidyClaim, ClaimStatus, SLIClaim
from milestones.models import CaseStatus, CommissioningRecord, Decision, PenaltyCase, RefundDemand
from repm_portal.errors import NotFound
from repm_portal.money import crore
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.parameters.values import SchemeParameters
from repm_portal.periods import IST, add_years

from ..models import AdminExpense, RefundRecovery
from . import rules
from .rules import ZERO, Bucket

View = Literal["scheme", "fy"]
COMPONENTS: tuple[tuple[str, Promise], ...] = (
    ("capital", _("Capital subsidy")),
    ("sli", _("Sales-linked incentive")),
    ("admin", _("Administration")),
)
COMPONENT_LABELS = dict(COMPONENTS)
MEASURES: tuple[tuple[str, Promise], ...] = (
    ("indicative", _("Indicative outlay (Table 6)")),
    ("committed", _("Committed")),
    ("claimed", _("Claimed")),
    ("sanctioned", _("Sanctioned")),
    ("disbursed", _("Disbursed")),
    ("headroom", _("Headroom")),
)
MEASURE_LABELS = dict(MEASURES)
# Claims that count as claimed: the register read, not refused.
NOT_CLAIMED = (ClaimStatus.PROCESSING, ClaimStatus.REGISTER_FAILED, ClaimStatus.REJECTED)
# MHI's penalty decisions that end a beneficiary's incentives (§11.1).
ENDING = (Decision.FORFEIT, Decision.REVOKE_LOA)


@dataclass
class Cell:
    indicative: Decimal | None = None
    committed: Decimal | None = ZERO
    claimed: Decimal | None = ZERO
    sanctioned: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def headroom(self) -> Decimal | None:
        """R-OUT-2 decision: the indicative outlay less what has been sanctioned."""
        if self.indicative is None:
            return None
        return rules.headroom(indicative=self.indicative, used=self.sanctioned)

    def value(self, measure: str) -> Decimal | None:
        return getattr(self, measure)

    def bump(self, measure: str, amount: Decimal) -> None:
        setattr(self, measure, (getattr(self, measure) or ZERO) + amount)

    def add(self, other: Cell) -> Cell:
        def plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
            return None if a is None and b is None else (a or ZERO) + (b or ZERO)

        return Cell(
            plus(self.indicative, other.indicative),
            plus(self.committed, other.committed),
            plus(self.claimed, other.claimed),
            self.sanctioned + other.sanctioned,
            self.disbursed + other.disbursed,
        )


@dataclass
class BeneficiaryLine:
    beneficiary: Beneficiary
    ended_on: date | None  # the penalty decision that ended its incentives, if any
    cells: dict[str, Cell]  # "capital", "sli": totals as of the date
    counts: dict[str, int] = field(default_factory=dict)  # claims behind each figure

    @property
    def disbursed(self) -> Decimal:
        return self.cells["capital"].disbursed + self.cells["sli"].disbursed


@dataclass
class Dashboard:
    as_of: date
    view: View
    params: SchemeParameters
    buckets: list[Bucket]
    rows: dict[str, dict[int, Cell]]  # component -> bucket key -> cell
    totals: dict[str, Cell]
    refunds: dict[int, tuple[Decimal, Decimal]]  # bucket -> (demanded, recovered)
    refund_totals: tuple[Decimal, Decimal]
    admin_by_head: dict[str, Decimal]
    beneficiaries: list[BeneficiaryLine]
    incentives: Cell  # capital + SLI, against Table 6's ₹7,200 crore
    grand: Cell  # + administration, against ₹7,280 crore

    def bucket_label(self, key: int) -> str:
        return bucket_label(self.view, key)

    @property
    def bucket_rows(self) -> list[tuple[Bucket, dict[str, Cell]]]:
        return [(b, {c: self.rows[c][b.key] for c, _ in COMPONENTS}) for b in self.buckets]

    @property
    def component_tables(self) -> list[dict[str, Any]]:
        """For the templates: each component's rows (bucket, label, [(measure, label, value)])
        and its total."""

        def values(cell: Cell) -> list[tuple[str, Promise, Decimal | None]]:
            return [(m, label, cell.value(m)) for m, label in MEASURES]

        return [
            {
                "key": c,
                "label": label,
                "rows": [
                    (b, self.bucket_label(b.key), values(self.rows[c][b.key])) for b in self.buckets
                ],
                "total": values(self.totals[c]),
            }
            for c, label in COMPONENTS
        ]

    @property
    def refund_list(self) -> list[tuple[Bucket, str, Decimal, Decimal]]:
        return [(b, self.bucket_label(b.key), *self.refunds[b.key]) for b in self.buckets]

    def year_total(self, key: int) -> Cell:
        return self.rows["capital"][key].add(self.rows["sli"][key]).add(self.rows["admin"][key])


def first_day() -> date | None:
    """The first day any scheme parameters are in force: the dashboard starts there."""
    from repm_portal.parameters.models import ParameterVersion

    return (
        ParameterVersion.objects.order_by("effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )


def as_of_problem(day: date) -> str | None:
    """Why the dashboard cannot be shown as of ``day``, or None."""
    first = first_day()
    if first is None or day < first:
        return str(
            _("The scheme's parameters are in force from %(first)s: choose that day or later.")
            % {"first": first.strftime("%d %b %Y") if first else "—"}
        )
    return None


def bucket_label(view: str, key: int) -> str:
    if view == "fy":
        return str(_("FY %(start)s-%(end)s") % {"start": key, "end": f"{(key + 1) % 100:02d}"})
    return str(_("Year %(k)s") % {"k": key})


def buckets_for(params: SchemeParameters, view: View) -> tuple[list[Bucket], list[Bucket]]:
    """(the scheme years, the buckets of ``view``) from the parameters in force."""
    start = params.date("outlay_start_date")
    assert start is not None  # a required parameter
    years = params.integer("tenure_years")
    scheme = rules.scheme_years(start=start, years=years)
    return scheme, scheme if view == "scheme" else rules.financial_years(start=start, years=years)


def end_of_day(day: date) -> datetime:
    """The first instant after ``day`` ends in IST (R-UNIT-5)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=IST)


def _bucket(field_name: str, buckets: Sequence[Bucket], *, instant: bool) -> Case:
    """The key of the bucket holding the row's ``field_name``, computed by the database; days
    before the first bucket fall in it, after the last in the last (rules.bucket_key)."""
    whens = [
        When(
            Q(**{f"{field_name}__lt": end_of_day(b.end) if instant else b.end + timedelta(days=1)}),
            then=Value(b.key),
        )
        for b in buckets[:-1]
    ]
    return Case(*whens, default=Value(buckets[-1].key), output_field=IntegerField())


def _grouped(
    qs: QuerySet[Any], *, by: str, amount: str, who: str, buckets: Sequence[Bucket], instant: bool
) -> list[dict[str, Any]]:
    return list(
        qs.annotate(bucket=_bucket(by, buckets, instant=instant))
        .values(who, "bucket")
        .annotate(total=Sum(amount), n=Count("pk"))
        .order_by()
    )


Actuals = dict[tuple[str, str], dict[tuple[int, int], tuple[Decimal, int]]]


def claim_querysets(kind: str, measure: str, as_of: date) -> QuerySet[Any]:
    """The claims behind one measure as of ``as_of`` (also the drill-down's list)."""
    model: Any = SLIClaim if kind == "sli" else CapitalSubsidyClaim
    end = end_of_day(as_of)
    if measure == "claimed":
        return model.objects.filter(filed_at__lt=end, payable__isnull=False).exclude(
            status__in=NOT_CLAIMED
        )
    if measure == "sanctioned":
        return model.objects.filter(sanctioned_at__lt=end, sanctioned_amount__isnull=False)
    if measure == "disbursed":
        return model.objects.filter(disbursed_on__lte=as_of, sanctioned_amount__isnull=False)
    raise ValueError(measure)


CLAIM_EVENT = {
    "claimed": ("filed_at", "payable", True),
    "sanctioned": ("sanctioned_at", "sanctioned_amount", True),
    "disbursed": ("disbursed_on", "sanctioned_amount", False),
}


def _actuals(as_of: date, buckets: Sequence[Bucket]) -> Actuals:
    """(component, measure) -> (beneficiary id, bucket) -> (₹, claims): six grouped queries."""
    out: Actuals = {}
    for kind in ("capital", "sli"):
        for measure, (by, amount, instant) in CLAIM_EVENT.items():
            rows = _grouped(
                claim_querysets(kind, measure, as_of),
                by=by,
                amount=amount,
                who="beneficiary_id",
                buckets=buckets,
                instant=instant,
            )
            out[(kind, measure)] = {
                (r["beneficiary_id"], r["bucket"]): (r["total"] or ZERO, r["n"]) for r in rows
            }
    return out


def _ended(as_of: date, ids: Iterable[int]) -> dict[int, date]:
    """Beneficiaries whose incentives a penalty decision ended on or before ``as_of``."""
    ended: dict[int, date] = {}
    cases = PenaltyCase.objects.filter(
        beneficiary_id__in=list(ids), status=CaseStatus.DECIDED, decided_on__lte=as_of
    ).values_list("beneficiary_id", "decisions", "decided_on")
    for beneficiary_id, decisions, decided_on in cases:
        if decided_on is not None and any(d in decisions for d in ENDING):
            ended[beneficiary_id] = min(decided_on, ended.get(beneficiary_id, decided_on))
    return ended


def awarded_as_of(as_of: date) -> list[Beneficiary]:
    """Beneficiaries holding a Letter of Award dated on or before ``as_of`` (a later revocation
    ends their incentives from its decision, see ``_ended``)."""
    return list(
        Beneficiary.objects.filter(
            loa_date__lte=as_of,
            status__in=[BeneficiaryStatus.AWARDED, BeneficiaryStatus.REVOKED],
        )
        .select_related("user")
        .order_by("rank", "pk")
    )


def _admin_expenses(
    as_of: date, buckets: Sequence[Bucket], row: dict[int, Cell]
) -> dict[str, Decimal]:
    """Administrative expenses into the admin row (sanctioned and disbursed when incurred, never
    committed or claimed); returns their totals by head."""
    admin_by_head: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in (
        AdminExpense.objects.filter(incurred_on__lte=as_of)
        .annotate(bucket=_bucket("incurred_on", buckets, instant=False))
        .values("bucket", "head")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        cell = row[r["bucket"]]
        cell.sanctioned += r["total"]
        cell.disbursed += r["total"]
        admin_by_head[r["head"]] += r["total"]
    for cell in row.values():
        cell.committed = None
        cell.claimed = None
    return dict(admin_by_head)


def _refunds(
    as_of: date, buckets: Sequence[Bucket], keys: list[int]
) -> dict[int, tuple[Decimal, Decimal]]:
    """Refunds demanded and recovered in each bucket."""
    refunds = dict.fromkeys(keys, (ZERO, ZERO))
    for r in _grouped(
        RefundDemand.objects.filter(issued_at__lt=end_of_day(as_of)),
        by="issued_at",
        amount="total",
        who="case__beneficiary_id",
        buckets=buckets,
        instant=True,
    ):
        demanded, recovered = refunds[r["bucket"]]
        refunds[r["bucket"]] = (demanded + r["total"], recovered)
    for r in _grouped(
        RefundRecovery.objects.filter(received_on__lte=as_of),
        by="received_on",
        amount="amount",
        who="demand__case__beneficiary_id",
        buckets=buckets,
        instant=False,
    ):
        demanded, recovered = refunds[r["bucket"]]
        refunds[r["bucket"]] = (demanded, recovered + r["total"])
    return refunds


def outlay_dashboard(*, as_of: date, view: View = "scheme") -> Dashboard:
    """R-OUT-2: the dashboard as it stood at the end of ``as_of`` (IST)."""
    params = parameters_in_force(as_of)
    scheme, buckets = buckets_for(params, view)
    keys = [b.key for b in buckets]
    actuals = _actuals(as_of, buckets)
    beneficiaries = awarded_as_of(as_of)
    ended = _ended(as_of, (b.pk for b in beneficiaries))

    def to_view(amounts: dict[int, Decimal]) -> dict[int, Decimal]:
        return amounts if view == "scheme" else rules.apportion(amounts, scheme, buckets)

    table6 = {
        "capital": params.table("outlay_capital_subsidy_cr"),
        "sli": params.table("outlay_sli_cr"),
    }
    profile = table6
    rows: dict[str, dict[int, Cell]] = {c: {k: Cell() for k in keys} for c, _ in COMPONENTS}
    for component, table in table6.items():
        for key, value in to_view({k: crore(v) for k, v in table.items()}).items():
            rows[component][key].indicative = value

    lines: list[BeneficiaryLine] = []
    caps = {"capital": "capital_subsidy_cap", "sli": "sli_cap"}
    for b in beneficiaries:
        cells = {c: Cell() for c in caps}
        counts: dict[str, int] = defaultdict(int)
        for component, cap_field in caps.items():
            for measure in CLAIM_EVENT:
                for key in keys:
                    amount, n = actuals[(component, measure)].get((b.pk, key), (ZERO, 0))
                    rows[component][key].bump(measure, amount)
                    cells[component].bump(measure, amount)
                    counts[f"{component}:{measure}"] += n
            if b.pk in ended:
                # §11.1: what was sanctioned stays committed; the rest of the cap is forfeited.
                committed = {
                    k: actuals[(component, "sanctioned")].get((b.pk, k), (ZERO, 0))[0] for k in keys
                }
            else:
                committed = to_view(rules.spread(getattr(b, cap_field), profile[component]))
            for key, amount in committed.items():
                rows[component][key].committed = (rows[component][key].committed or ZERO) + amount
            cells[component].committed = sum(committed.values(), ZERO)
            cells[component].indicative = getattr(b, cap_field)
        lines.append(BeneficiaryLine(b, ended.get(b.pk), cells, dict(counts)))

    admin_by_head = _admin_expenses(as_of, buckets, rows["admin"])
    refunds = _refunds(as_of, buckets, keys)
    totals = {
        component: functools.reduce(Cell.add, rows[component].values(), Cell(None, None, None))
        for component, _label in COMPONENTS
    }
    totals["admin"].indicative = crore(params.decimal("admin_expenses_cr"))
    incentives = totals["capital"].add(totals["sli"])
    grand = incentives.add(totals["admin"])
    grand.indicative = crore(params.decimal("scheme_outlay_cr"))
    return Dashboard(
        as_of=as_of,
        view=view,
        params=params,
        buckets=buckets,
        rows=rows,
        totals=totals,
        refunds=refunds,
        refund_totals=(
            sum((d for d, _r in refunds.values()), ZERO),
            sum((r for _d, r in refunds.values()), ZERO),
        ),
        admin_by_head=admin_by_head,
        beneficiaries=lines,
        incentives=incentives,
        grand=grand,
    )


# --- Drill-down --------------------------------------------------------------------------------


def bucket_of_view(dashboard: Dashboard, key: int) -> Bucket:
    for bucket in dashboard.buckets:
        if bucket.key == key:
            return bucket
    raise NotFound(_("The dashboard has no year %(key)s.") % {"key": key})


def cell_claims(
    *, component: str, measure: str, bucket_key: int, as_of: date, buckets: Sequence[Bucket]
) -> QuerySet[Any]:
    """The claims behind one cell: the same filter and bucket as the dashboard's aggregate."""
    by, _amount, instant = CLAIM_EVENT[measure]
    return (
        claim_querysets(component, measure, as_of)
        .annotate(bucket=_bucket(by, buckets, instant=instant))
        .filter(bucket=bucket_key)
        .select_related("beneficiary__user")
        .order_by("beneficiary__rank", "pk")
    )


def beneficiary_claims(*, beneficiary_id: int, as_of: date) -> list[Any]:
    """Both kinds of claim the beneficiary had filed by ``as_of``, in the order filed."""
    end = end_of_day(as_of)
    claims: list[Any] = [
        *SLIClaim.objects.filter(beneficiary_id=beneficiary_id, filed_at__lt=end),
        *CapitalSubsidyClaim.objects.filter(beneficiary_id=beneficiary_id, filed_at__lt=end),
    ]
    return sorted(claims, key=lambda c: c.filed_at)


def cell_expenses(*, bucket_key: int, as_of: date, buckets: Sequence[Bucket]) -> QuerySet[Any]:
    return (
        AdminExpense.objects.filter(incurred_on__lte=as_of)
        .annotate(bucket=_bucket("incurred_on", buckets, instant=False))
        .filter(bucket=bucket_key)
        .select_related("recorded_by")
    )


def cell_refunds(*, bucket_key: int, as_of: date, buckets: Sequence[Bucket]) -> dict[str, Any]:
    demands = (
        RefundDemand.objects.filter(issued_at__lt=end_of_day(as_of))
        .annotate(bucket=_bucket("issued_at", buckets, instant=True))
        .filter(bucket=bucket_key)
        .select_related("case__beneficiary__user")
    )
    recoveries = (
        RefundRecovery.objects.filter(received_on__lte=as_of)
        .annotate(bucket=_bucket("received_on", buckets, instant=False))
        .filter(bucket=bucket_key)
        .select_related("demand__case__beneficiary__user")
    )
    return {"demands": demands, "recoveries": recoveries}


# --- Forecast ----------------------------------------------------------------------------------


@dataclass
class ForecastRow:
    beneficiary: Beneficiary
    sanctioned: Decimal
    years: dict[int, rules.ForecastYear]
    ended: bool
    ordered: list[rules.ForecastYear | None] = field(default_factory=list)  # by remaining year

    @property
    def total(self) -> Decimal:
        return sum((y.sli for y in self.years.values()), ZERO)


@dataclass
class Forecast:
    as_of: date
    assumptions: rules.Assumptions
    defaults: rules.Assumptions
    buckets: list[Bucket]  # the scheme years from the as-of date on
    rows: list[ForecastRow]
    indicative: dict[int, Decimal]
    sanctioned: dict[int, Decimal]  # SLI sanctioned in each year so far
    totals: dict[int, Decimal]

    def expected(self, key: int) -> Decimal:
        return self.totals.get(key, ZERO) + self.sanctioned.get(key, ZERO)

    def over(self, key: int) -> bool:
        """Flagged: the year's sanctions and forecast pass Table 6's indicative SLI outlay."""
        return self.expected(key) > self.indicative.get(key, ZERO)

    @property
    def over_years(self) -> list[int]:
        return [b.key for b in self.buckets if self.over(b.key)]

    @property
    def year_list(self) -> list[dict[str, Any]]:
        """For the templates: each remaining year against Table 6."""
        return [
            {
                "bucket": b,
                "forecast": self.totals.get(b.key, ZERO),
                "sanctioned": self.sanctioned.get(b.key, ZERO),
                "expected": self.expected(b.key),
                "indicative": self.indicative.get(b.key, ZERO),
                "over": self.over(b.key),
            }
            for b in self.buckets
        ]

    @property
    def is_what_if(self) -> bool:
        return self.assumptions != self.defaults


def default_assumptions(params: SchemeParameters) -> rules.Assumptions:
    return rules.Assumptions(
        utilisation=params.decimal("forecast_utilisation"),
        price_per_kg=params.decimal("forecast_sale_price_per_kg"),
        turnover_fraction=params.decimal("sli_turnover_cap_fraction"),
    )


def outlay_forecast(
    *,
    as_of: date,
    utilisation: Decimal | None = None,
    price_per_kg: Decimal | None = None,
    only: int | None = None,
) -> Forecast:
    """R-OUT-2: each beneficiary's expected SLI in each remaining scheme year (rules.forecast_sli),
    against Table 6. ``utilisation``/``price_per_kg`` override the parameters for a what-if."""
    params = parameters_in_force(as_of)
    scheme, _same = buckets_for(params, "scheme")
    defaults = default_assumptions(params)
    assumptions = rules.Assumptions(
        utilisation=defaults.utilisation if utilisation is None else utilisation,
        price_per_kg=defaults.price_per_kg if price_per_kg is None else price_per_kg,
        turnover_fraction=defaults.turnover_fraction,
    )
    beneficiaries = [b for b in awarded_as_of(as_of) if only is None or b.pk == only]
    ids = [b.pk for b in beneficiaries]
    ended = _ended(as_of, ids)
    sanctioned_rows = _grouped(
        claim_querysets("sli", "sanctioned", as_of).filter(beneficiary_id__in=ids),
        by="sanctioned_at",
        amount="sanctioned_amount",
        who="beneficiary_id",
        buckets=scheme,
        instant=True,
    )
    by_beneficiary: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_year: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for r in sanctioned_rows:
        by_beneficiary[r["beneficiary_id"]] += r["total"]
        by_year[r["bucket"]] += r["total"]
    commissioned: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for beneficiary_id, on, mtpa in CommissioningRecord.objects.filter(
        beneficiary_id__in=ids, commissioned_on__lte=as_of, recorded_at__lt=end_of_day(as_of)
    ).values_list("beneficiary_id", "commissioned_on", "capacity_mtpa"):
        commissioned[beneficiary_id].append((on, mtpa))
    remaining = [b for b in scheme if b.end >= as_of]
    rows: list[ForecastRow] = []
    for b in beneficiaries:
        if b.pk in ended:
            years: list[rules.ForecastYear] = []
        else:
            assert b.loa_date is not None
            plan = rules.CapacityPlan(
                commissioned=commissioned[b.pk],
                allocated_mtpa=Decimal(b.allocated_capacity_mtpa),
                # Planned: the entire allocation runs from milestone 3's deadline (R-MS-3).
                full_from=add_years(b.loa_date, params.integer("milestone3_years")),
            )
            years = rules.forecast_sli(
                plan=plan,
                years=remaining,
                from_day=as_of + timedelta(days=1),
                rate_per_kg=b.quoted_rate,
                assumptions=assumptions,
                tenure_cap=b.sli_cap,
                already_sanctioned=by_beneficiary[b.pk],
            )
        by_key = {y.key: y for y in years}
        rows.append(
            ForecastRow(
                b,
                by_beneficiary[b.pk],
                by_key,
                b.pk in ended,
                [by_key.get(bucket.key) for bucket in remaining],
            )
        )
    totals = {
        bucket.key: sum((r.years[bucket.key].sli for r in rows if bucket.key in r.years), ZERO)
        for bucket in remaining
    }
    return Forecast(
        as_of=as_of,
        assumptions=assumptions,
        defaults=defaults,
        buckets=remaining,
        rows=rows,
        indicative={k: crore(v) for k, v in params.table("outlay_sli_cr").items()},
        sanctioned=dict(by_year),
        totals=totals,
    )
