"""factory_boy factories for the tender's models, built directly rather than through the
tender's services: for tests of what follows the award (the tender itself is tested through
its services, with the builders of ``bidding/tests/fixtures.py``)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding.models import Beneficiary, Bid, RoundStatus, TenderRound
from bidding.rules import entitlements
from repm_portal.accounts.models import Role
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.money import crore
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import today_ist
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"


class TenderRoundFactory(factory.django.DjangoModelFactory):
    """A round already awarded, under the parameters in force today."""

    class Meta:
        model = TenderRound
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"MHI/REPM/TEST/R{n}")
    title = "Test round"
    opening_quorum = 1
    submission_deadline = factory.LazyFunction(timezone.now)
    status = RoundStatus.AWARDED
    created_by = factory.SubFactory(UserFactory, role=Role.MHI)
    parameter_version_id = factory.LazyFunction(lambda: parameters_in_force(today_ist()).version_id)


class BidFactory(factory.django.DjangoModelFactory):
    """An opened, qualified bid ranked L1 and selected, quoting ₹1,500.00/kg for 1,000 MTPA."""

    class Meta:
        model = Bid
        skip_postgeneration_save = True

    round = factory.SubFactory(TenderRoundFactory)
    reference = factory.LazyAttribute(lambda o: f"{o.round.reference}/B1")
    applicant = factory.SubFactory(UserFactory, role=Role.APPLICANT)
    capacity_mtpa = 1000
    dpr = factory.LazyAttribute(
        lambda o: document_upload(
            owner=o.applicant, kind=DocumentKind.DPR, uploaded=SimpleUploadedFile("dpr.pdf", PDF)
        )
    )
    net_worth = crore(400)
    parameter_version_id = factory.LazyAttribute(lambda o: o.round.parameter_version_id)
    submitted_at = factory.LazyFunction(timezone.now)
    sealed_amount = b"-"
    receipt = factory.LazyAttribute(lambda o: f"{o.applicant.pk:064d}")
    opened_amount = Decimal("1500.00")
    qualified = True
    rank = 1
    selected = True


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    """The bid's applicant awarded its capacity, with the entitlements of Tables 2–4 for its
    rank under ``params`` (by default those in force on the Letter of Award's date)."""

    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    class Params:
        params = factory.LazyAttribute(lambda o: parameters_in_force(o.loa_date))
        entitled = factory.LazyAttribute(
            lambda o: entitlements(o.params, capacity_mtpa=o.allocated_capacity_mtpa, rank=o.rank)
        )

    bid = factory.SubFactory(BidFactory)
    round = factory.LazyAttribute(lambda o: o.bid.round)
    user = factory.LazyAttribute(lambda o: o.bid.applicant)
    status = "awarded"
    rank = factory.LazyAttribute(lambda o: o.bid.rank)
    allocated_capacity_mtpa = factory.LazyAttribute(lambda o: o.bid.capacity_mtpa)
    quoted_rate = factory.LazyAttribute(lambda o: o.bid.opened_amount)
    pbg_due = factory.LazyAttribute(lambda o: o.entitled.pbg)
    sli_cap = factory.LazyAttribute(lambda o: o.entitled.sli_cap)
    capital_subsidy_cap = factory.LazyAttribute(lambda o: o.entitled.capital_subsidy_cap)
    irel_oxide_mtpa = factory.LazyAttribute(lambda o: o.entitled.irel_oxide_mtpa)
    oxide_needed_mtpa = factory.LazyAttribute(lambda o: o.entitled.oxide_needed_mtpa)
    own_oxide_mtpa = factory.LazyAttribute(lambda o: o.entitled.own_oxide_mtpa)
    needs_spv = False
    parameter_version_id = factory.LazyAttribute(lambda o: o.params.version_id)
    loa_date = factory.LazyFunction(today_ist)
