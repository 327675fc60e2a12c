# SPDX-License-Identifier: MIT
"""Result classes of the runs service: one run, a page of runs."""

from invenio_records_resources.pagination import Pagination
from invenio_records_resources.services.base.results import (
    ServiceItemResult,
    ServiceListResult,
)


class RunItem(ServiceItemResult):
    """One run, with the links its user may follow."""

    def __init__(self, service, identity, run, schema, links_tpl):
        """Constructor."""
        self._service = service
        self._identity = identity
        self._run = run
        self._schema = schema
        self._links_tpl = links_tpl

    @property
    def id(self):
        """The run's name."""
        return self._run.name

    @property
    def data(self):
        """The run as a dict."""
        data = self._schema().dump(self._run)
        data["links"] = self._links_tpl.expand(self._identity, self._run)
        return data

    def to_dict(self):
        """The run as a dict."""
        return self.data


class RunList(ServiceListResult):
    """A page of a record's runs, in the shape of a search result."""

    def __init__(
        self, service, identity, runs, total, params, links_tpl, item_tpl, engine_note
    ):
        """Constructor; ``engine_note`` says why the engine cannot run work, if so."""
        self._service = service
        self._identity = identity
        self._runs = runs
        self._total = total
        self._params = params
        self._links_tpl = links_tpl
        self._item_tpl = item_tpl
        self._engine_note = engine_note

    @property
    def total(self):
        """How many runs match, over all pages."""
        return self._total

    @property
    def pagination(self):
        """Where this page is among all pages."""
        return Pagination(
            self._params.get("size", 25), self._params.get("page", 1), self.total
        )

    @property
    def engine_error(self):
        """Why the engine could not be asked for this page, or None."""
        loading = next((run.engine_error for run in self._runs if run.engine_error), None)
        return loading or self._engine_note

    @property
    def hits(self):
        """The page's runs as dicts."""
        for run in self._runs:
            yield RunItem(
                self._service,
                self._identity,
                run,
                self._service.config.schema,
                self._item_tpl,
            ).data

    def to_dict(self):
        """The page as a search-shaped dict."""
        error = self.engine_error
        return {
            "hits": {"hits": list(self.hits), "total": self.total},
            "links": self._links_tpl.expand(self._identity, self.pagination),
            "sortBy": "newest",
            "engine": {"available": error is None, "message": error},
        }
