# SPDX-License-Identifier: MIT
"""Links of runs and run lists.

A run's action links (``stop``, ``retry``, ``resubmit``) are present only when
the user may take the action and the run's state allows it, so clients show
exactly the actions that would succeed.
"""

from invenio_records_resources.services.base.links import EndpointLink

RETRYABLE_PHASES = ("Failed", "Error")


class RunLink(EndpointLink):
    """Link to an endpoint of one run (a :class:`~..api.Run`)."""

    def __init__(self, endpoint, **kwargs):
        """Constructor."""
        super().__init__(endpoint, params=["pid_value", "name"], **kwargs)

    @staticmethod
    def vars(run, vars):
        """Fill the record (the draft listing it, else the run's own) and name.

        A run of an earlier version whose results a draft took over is served
        under that draft.
        """
        vars.update({"pid_value": vars.get("record_id") or run.record_id, "name": run.name})


class RecordRunsLink(EndpointLink):
    """Link to an endpoint of a record's runs."""

    def __init__(self, endpoint, **kwargs):
        """Constructor."""
        super().__init__(endpoint, params=["pid_value"], **kwargs)

    @staticmethod
    def vars(obj, vars):
        """Fill the record's id."""
        vars["pid_value"] = vars["record_id"]


class EarlierVersionLink(EndpointLink):
    """The record page of the earlier version a run belongs to, when a draft took it over."""

    def __init__(self, **kwargs):
        """Constructor."""
        super().__init__(
            "invenio_app_rdm_records.record_detail",
            params=["pid_value"],
            when=lambda run, context: run.record_id != context.get("record_id"),
            **kwargs,
        )

    @staticmethod
    def vars(run, vars):
        """The run's own record."""
        vars["pid_value"] = run.record_id


def allowed(action, state_allows):
    """Render when the identity may ``action`` and ``state_allows(run)``."""

    def when(run, context):
        return context["allowed"].get(action, False) and state_allows(run)

    return when


def can_stop(run):
    """An active run can be stopped."""
    return run.is_active


def can_retry(run):
    """A failed run that still has its context can be retried."""
    return run.phase in RETRYABLE_PHASES and run.status is not None


def can_resubmit(run):
    """Any run that no longer holds its files can be started again."""
    return not run.is_active
