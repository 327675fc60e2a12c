# SPDX-License-Identifier: MIT
"""Result classes of the admin service: a run, a page of runs with facets."""

from invenio_records_resources.pagination import Pagination
from invenio_records_resources.services.base.results import (
    ServiceItemResult,
    ServiceListResult,
)


class AdminRunItem(ServiceItemResult):
    """One run of any record, with the admin's links and actions."""

    def __init__(self, service, identity, run, schema, links):
        """Constructor."""
        self._service = service
        self._identity = identity
        self._run = run
        self._schema = schema
        self._links = links

    @property
    def id(self):
        """The run's name."""
        return self._run.name

    def to_dict(self):
        """The run as a dict."""
        data = self._schema().dump(self._run)
        data["links"] = self._links(self._run)
        return data


class AdminRunList(ServiceListResult):
    """A page of runs over all records, shaped like a search result."""

    def __init__(self, service, identity, runs, total, aggregations, params, links):
        """Constructor."""
        self._service = service
        self._identity = identity
        self._runs = runs
        self._total = total
        self._aggregations = aggregations
        self._params = params
        self._links = links

    @property
    def total(self):
        """How many runs match, over all pages."""
        return self._total

    @property
    def engine_error(self):
        """Why the engine could not be asked for this page, or None."""
        return next((run.engine_error for run in self._runs if run.engine_error), None)

    @property
    def hits(self):
        """The page's runs as dicts."""
        for run in self._runs:
            yield AdminRunItem(
                self._service,
                self._identity,
                run,
                self._service.config.schema,
                self._links,
            ).to_dict()

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
