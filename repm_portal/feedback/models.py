"""Feedback on the portal, sent from its Feedback page (R-GOV-3), read by the PMA's help desk."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    page = models.CharField(_("page concerned"), max_length=300, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed-in user"),
    )
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
