# SPDX-License-Identifier: MIT
"""Result classes shared by the services that show runs (a depositor's, an admin's).

A run is dumped by the service's schema with the links ``links(run)`` gives;
a page knows its runs, their total and the request's parameters.
"""

from invenio_records_resources.services.base.results import (
    ServiceItemResult,
    ServiceListResult,
)


class RunResultItem(ServiceItemResult):
    """One run, with the links its user may follow."""

    def __init__(self, service, identity, run, schema, links):
        """Constructor; ``links`` is a function of the run."""
        self._service = service
        self._identity = identity
        self._run = run
        self._schema = schema
        self._links = links

    @property
    def id(self):
        """The run's name."""
        return self._run.name

    @property
    def data(self):
        """The run as a dict."""
        data = self._schema().dump(self._run)
        data["links"] = self._links(self._run)
        return data

    def to_dict(self):
        """The run as a dict."""
        return self.data


class RunResultPage(ServiceListResult):
    """A page of runs, shaped like a search result."""

    def __init__(self, service, identity, runs, total, params):
        """Constructor."""
        self._service, self._identity = service, identity
        self._runs, self._total, self._params = runs, total, params

    @property
    def total(self):
        """How many runs match, over all pages."""
        return self._total

    @property
    def engine_error(self):
        """Why the engine could not be asked for this page, or None."""
        return next((run.engine_error for run in self._runs if run.engine_error), None)

    def _hits(self, links):
        """The page's runs as dicts, each with ``links(run)``."""
        config = self._service.config
        for run in self._runs:
            yield config.result_item_cls(
                self._service, self._identity, run, config.schema, links
            ).data
