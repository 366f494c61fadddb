"""The workbook's steps: which pages there are, in what order, and which indicator each fixes.

Owns the page list (file names in ``pages/``, which are also the widget-key prefixes), their
icons, where the after-launch tracking page sits among them, the name of the participants'
join page, and the map between indicators and the page that answers for them. Imports
nothing: pure data.
"""

from __future__ import annotations

#: The workbook's steps, in order: file name in pages/ (also the widget-key prefix) and icon.
PAGES: tuple[tuple[str, str], ...] = (
    ("plan", ":material/flag:"),
    ("communities", ":material/groups:"),
    ("populations", ":material/diversity_3:"),
    ("people", ":material/badge:"),
    ("sponsors", ":material/campaign:"),
    ("timeline", ":material/calendar_month:"),
    ("readiness", ":material/fact_check:"),
    ("forecast", ":material/trending_up:"),
    ("export", ":material/download:"),
)
PAGE_NAMES = tuple(name for name, _ in PAGES)

#: After the launch, outside the workshop's steps: the plan against the network's real figures.
#: Listed in the navigation after the step it follows (file name, icon, the step before it).
AFTER_LAUNCH_PAGE: tuple[str, str, str] = ("tracking", ":material/monitoring:", "forecast")

#: Pages outside the nine steps whose widget keys start with their name too.
OTHER_PAGES = ("plans", "compare", AFTER_LAUNCH_PAGE[0])

#: Which page fixes each indicator, and which indicators each page answers for.
INDICATOR_PAGES: dict[str, str] = {
    "launch_duration": "plan",
    "target_populations": "populations",
    "totem_subject": "communities",
    "sponsor_support": "sponsors",
    "core_team": "people",
    "ambassadors": "people",
    "resistance": "populations",
    "momentum": "sponsors",
}
PAGE_INDICATORS: dict[str, tuple[str, ...]] = {
    page: tuple(i for i, p in INDICATOR_PAGES.items() if p == page) for page in PAGE_NAMES
}


def page_path(page: str) -> str:
    """The path of a page, as st.switch_page and st.page_link take it."""
    return f"pages/{page}.py"
