# SPDX-License-Identifier: MIT
"""What the package's server-rendered administration pages share."""

from invenio_administration.views.base import AdminView

from .runs import CATEGORY, EXTENSION

TEMPLATES = "invenio_compchem_processor/administration"
"""The folder of the administration pages' templates."""


class CompchemPage(AdminView):
    """A page of the Processing menu, rendered with ``context()``.

    A subclass names its template in the class statement:
    ``class HealthView(CompchemPage, page="engine_health")``.
    """

    extension_name = EXTENSION
    category = CATEGORY

    def __init_subclass__(cls, page=None, **kwargs):
        """Take the template of ``page`` from ``TEMPLATES``."""
        super().__init_subclass__(**kwargs)
        if page:
            cls.template = f"{TEMPLATES}/{page}.html"

    def context(self):
        """What the template needs beyond the title."""
        return {}

    def get(self):
        """The page."""
        return self.render(title=self.title, **self.context())
