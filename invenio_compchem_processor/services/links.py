# SPDX-License-Identifier: MIT
"""Links of runs and run lists."""

from invenio_records_resources.services.base.links import EndpointLink


class RunLink(EndpointLink):
    """Link to an endpoint of one run."""

    def __init__(self, endpoint, **kwargs):
        """Constructor."""
        super().__init__(endpoint, params=["pid_value", "name"], **kwargs)

    @staticmethod
    def vars(run, vars):
        """Fill the run's record and name."""
        vars.update({"pid_value": run.record_id, "name": run.name})


class RecordRunsLink(EndpointLink):
    """Link to an endpoint of a record's runs."""

    def __init__(self, endpoint, **kwargs):
        """Constructor."""
        super().__init__(endpoint, params=["pid_value"], **kwargs)

    @staticmethod
    def vars(obj, vars):
        """Fill the record's id."""
        vars["pid_value"] = vars["record_id"]
