"""Versioned scheme parameters (R-PARAM-1). A version is a whole, immutable set of values."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from repm_portal.errors import StateConflict


class ParameterVersion(models.Model):
    effective_from = models.DateField(
        _("effective from"),
        help_text=_("The first date on which these values apply (IST calendar date)."),
    )
    authority = models.CharField(
        _("authority"),
        max_length=200,
        help_text=_(
            "The order that set these values, e.g. 'EGoS decision F. No. 12(06)/2024-PE-XI "
            "dated 1 July 2026'."
        ),
    )
    description = models.TextField(
        _("what changed"), blank=True, help_text=_("A short summary of the amendment.")
    )
    values = models.JSONField(_("values"))
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("amends version"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-recorded_at", "-id"]
        verbose_name = _("scheme parameter version")
        constraints = [
            models.UniqueConstraint(
                fields=["effective_from", "authority"], name="parameterversion_unique_order"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.pk} from {self.effective_from:%d %b %Y} ({self.authority})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Computations record the version they used, so a version never changes once written.
        if not self._state.adding:
            raise StateConflict(
                _(
                    "A parameter version cannot be edited. Record an amendment (a new version) "
                    "instead."
                )
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise StateConflict(_("A parameter version cannot be deleted."))
