# SPDX-License-Identifier: MIT
"""Result classes of the admin service: a run, a page of runs with facets."""

from invenio_records_resources.pagination import Pagination

from ..results import RunResultItem, RunResultPage


class AdminRunItem(RunResultItem):
    """One run of any record, with the admin's links and actions."""


class AdminRunList(RunResultPage):
    """A page of runs over all records, shaped like a search result."""

    def __init__(self, service, identity, runs, total, aggregations, params, links):
        """Constructor; ``links`` gives a run's links."""
        super().__init__(service, identity, runs, total, params)
        self._aggregations = aggregations
        self._links = links

    @property
    def hits(self):
        """The page's runs as dicts."""
        return self._hits(self._links)

    def to_dict(self):
        """The page as a search-shaped dict (``hits``, ``aggregations``, ``links``)."""
        params = self._params
        pagination = Pagination(params["size"], params["page"], self.total)
        error = self.engine_error
        return {
            "hits": {"hits": list(self.hits), "total": self.total},
            "aggregations": self._aggregations,
            "sortBy": params["sort"],
            "links": self._service.page_links(params, pagination),
            "engine": {"available": error is None, "message": error},
            "active": sum(1 for run in self._runs if run.is_active),
        }
