"""The portal's settings plus one page for benchmarks/pages.py: an empty page in the portal's
frame (``/bench/frame/``), the floor of what any signed-in page costs."""

from repm_portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.frame_urls"
