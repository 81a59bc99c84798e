"""The site-information pages every government site has (R-GOV-3)."""

from django.utils.translation import gettext_lazy as _

FOOTER_PAGES = (
    ("help", _("Help")),
    ("contact", _("Contact us")),
    ("feedback", _("Feedback")),
    ("accessibility", _("Accessibility statement")),
    ("terms", _("Terms & conditions")),
    ("privacy", _("Privacy policy")),
    ("copyright", _("Copyright policy")),
    ("hyperlinking", _("Hyperlinking policy")),
    ("sitemap", _("Sitemap")),
)
PAGE_TITLES = dict(FOOTER_PAGES)
