"""Forms of the quarterly report and QRR pages; the services check the rules (R-COM-4)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from repm_portal.errors import ValidationFailed
from repm_portal.periods import Quarter

from .models.reports import Level, ProcessStage, QuarterlyReport, ReportStatus, RiskStatus

# The report's form, section by section (R-COM-4 (a)–(e), then production and sales).
SECTIONS = [
    (_("(a) Project phases and milestones"), ["phases_narrative"]),
    (
        _("(b) Infrastructure"),
        [
            "land_pct",
            "buildings_pct",
            "utilities_pct",
            "equipment_ordered_pct",
            "equipment_installed_pct",
            "infrastructure_narrative",
        ],
    ),
    (
        _("(c) Technology integration"),
        [
            "technology_source",
            "process_stages",
            "grades_produced",
            "yield_pct",
            "rnd_spend",
            "technology_narrative",
        ],
    ),
    (
        _("(d) Human resources"),
        [
            "headcount_managerial",
            "headcount_technical",
            "headcount_skilled",
            "headcount_other",
            "women",
            "trained",
            "hr_narrative",
        ],
    ),
    (
        _("Production and sales in the quarter"),
        ["produced_kg", "sold_kg", "exported_kg", "irel_oxide_kg"],
    ),
    (_("(e) Risk management"), ["risk_narrative"]),
]

REPORT_FIELDS = [
    "phases_narrative",
    "land_pct",
    "buildings_pct",
    "utilities_pct",
    "equipment_ordered_pct",
    "equipment_installed_pct",
    "infrastructure_narrative",
    "technology_source",
    "process_stages",
    "grades_produced",
    "yield_pct",
    "rnd_spend",
    "technology_narrative",
    "headcount_managerial",
    "headcount_technical",
    "headcount_skilled",
    "headcount_other",
    "women",
    "trained",
    "hr_narrative",
    "risk_narrative",
    "produced_kg",
    "sold_kg",
    "exported_kg",
    "irel_oxide_kg",
]


class QuarterField(forms.CharField):
    def to_python(self, value: Any) -> Quarter | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return Quarter.parse(text)
        except ValidationFailed as error:
            raise forms.ValidationError(error.message) from None


class ReportStartForm(forms.Form):
    beneficiary = forms.TypedChoiceField(
        label=_("Beneficiary"), coerce=int, help_text=_("The award the report is for.")
    )
    quarter = forms.ChoiceField(
        label=_("Quarter"),
        help_text=_("Financial-year quarter: Q1 April–June … Q4 January–March."),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str, list[str]]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["beneficiary"].choices = [(pk, label) for pk, label, _q in choices]  # type: ignore[attr-defined]
        quarters = sorted({q for _pk, _l, qs in choices for q in qs}, reverse=True)
        self.fields["quarter"].choices = [(q, q) for q in quarters]  # type: ignore[attr-defined]


class ReportForm(forms.ModelForm):
    process_stages = forms.MultipleChoiceField(
        label=_("Process stages in place"),
        choices=ProcessStage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick each stage from oxide to finished magnet running at the plant."),
    )

    class Meta:
        model = QuarterlyReport
        fields = REPORT_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in REPORT_FIELDS
            if name.endswith("_narrative")
        }
        help_texts = {
            "phases_narrative": _("Progress of each phase this quarter and what is being done."),
            "infrastructure_narrative": _("Land, buildings, utilities and equipment: changes."),
            "technology_narrative": _("Technology partners, trials, qualification of grades."),
            "hr_narrative": _("Recruitment, training and any shortages."),
            "risk_narrative": _("How the register changed this quarter."),
        }

    def _post_clean(self) -> None:
        """The service checks the figures (R-COM-4) and says which field is wrong and why; the
        model's constraints would only name themselves."""


class RiskForm(forms.Form):
    risk = forms.CharField(
        label=_("Risk"), max_length=300, required=False, help_text=_("What could go wrong.")
    )
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"),
        choices=Level.choices,
        coerce=int,
        initial=Level.MEDIUM,
        help_text=_("How likely it is."),
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        choices=Level.choices,
        coerce=int,
        initial=Level.MEDIUM,
        help_text=_("How much it would hurt the project."),
    )
    mitigation = forms.CharField(
        label=_("Mitigation"), required=False, help_text=_("What is being done about it.")
    )
    owner = forms.CharField(
        label=_("Owner"), max_length=120, required=False, help_text=_("Who answers for it.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=RiskStatus.choices,
        initial=RiskStatus.OPEN,
        help_text=_("Closed risks are not carried into the next quarter."),
    )


RiskFormSet = forms.formset_factory(RiskForm, extra=2)


class ReturnForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for return"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the beneficiary must correct before resubmitting."),
    )


class ReportFilterForm(forms.Form):
    quarter = forms.CharField(
        label=_("Quarter"), required=False, help_text=_("For example FY2026-27-Q2.")
    )
    beneficiary = forms.CharField(
        label=_("Beneficiary"), required=False, help_text=_("Part of the organisation's name.")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *ReportStatus.choices],
        help_text=_("Where the report stands."),
    )


class QRRCompileForm(forms.Form):
    quarter = QuarterField(
        label=_("Quarter"),
        help_text=_("An ended quarter, written FY2026-27-Q2 (July–September 2026)."),
    )


class QRRAnalysisForm(forms.Form):
    recommendations = forms.CharField(
        label=_("Recommendations (§10.1.x)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the PMA recommends the TC and SMC decide or do."),
    )

    def __init__(self, *args: Any, projects: list[dict[str, Any]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for p in projects:
            self.fields[f"analysis_{p['beneficiary']}"] = forms.CharField(
                label=_("Analysis of %(org)s (§10.1.viii)") % {"org": p["organisation"]},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Progress against the milestones, concerns and the risks rated high."),
            )

    def analyses(self) -> dict[int, str]:
        return {
            int(name.split("_", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("analysis_")
        }
