# SPDX-License-Identifier: MIT
"""Result classes of the runs service: one run, a page of runs."""

from invenio_records_resources.pagination import Pagination

from ...publishing import publish_mode

from ..results import RunResultItem, RunResultPage


class RunItem(RunResultItem):
    """One run, with the links its user may follow."""


class RunList(RunResultPage):
    """A page of a record's runs, in the shape of a search result."""

    def __init__(
        self, service, identity, runs, total, params, links_tpl, item_links, engine_note
    ):
        """Constructor; ``engine_note`` says why the engine cannot run work, if so."""
        super().__init__(service, identity, runs, total, params)
        self._links_tpl = links_tpl
        self._item_links = item_links
        self._engine_note = engine_note

    @property
    def pagination(self):
        """Where this page is among all pages."""
        return Pagination(
            self._params.get("size", 25), self._params.get("page", 1), self.total
        )

    @property
    def engine_error(self):
        """Why the engine could not be asked for this page, or None."""
        return super().engine_error or self._engine_note

    @property
    def hits(self):
        """The page's runs as dicts."""
        return self._hits(self._item_links)

    def to_dict(self):
        """The page as a search-shaped dict, with the engine's state and the publish mode."""
        error = self.engine_error
        return {
            "hits": {"hits": list(self.hits), "total": self.total},
            "links": self._links_tpl.expand(self._identity, self.pagination),
            "sortBy": "newest",
            "engine": {"available": error is None, "message": error},
            "publish": {"mode": publish_mode()},
        }
