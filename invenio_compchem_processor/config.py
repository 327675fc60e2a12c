# SPDX-License-Identifier: MIT
"""Configuration of invenio-compchem-processor.

Every setting is prefixed ``COMPCHEM_PROCESSOR_`` and can be overridden in the
instance's ``invenio.cfg``.
"""

from invenio_app_rdm.config import NOTIFICATIONS_BUILDERS as _RDM_NOTIFICATIONS_BUILDERS
from invenio_rdm_records.services.components import DefaultRecordsComponents
from invenio_records_resources.services.files.config import FileServiceConfig

from .components import ProcessingComponent
from .default_workflows import DEFAULT_WORKFLOWS
from .imported_files import ImportedFilesComponent
from .notifications import (
    CampaignProposalNotificationBuilder,
    RunsEndedNotificationBuilder,
)
from .publishing import ProcessingPublishComponent
from .services.admin.config import RunFacet
from .services.admin.permissions import AdminPermissionPolicy
from .services.permissions import RunsPermissionPolicy

RDM_DRAFT_FILES_SERVICE_COMPONENTS = [
    *FileServiceConfig.components,
    ProcessingComponent,
]
"""RDM's draft file components plus the upload hook.

This module is registered as an ``invenio_config.module``, so the hook is on by
default; an instance that sets this list itself must add ``ProcessingComponent``.
"""

RDM_RECORDS_SERVICE_COMPONENTS = [
    *DefaultRecordsComponents,
    ProcessingPublishComponent,
    ImportedFilesComponent,
]
"""RDM's records components plus the publish guard (``COMPCHEM_PROCESSOR_PUBLISH_MODE``)
and the hook on files imported into a new version.

An instance that sets this list itself must add ``ProcessingPublishComponent``
and ``ImportedFilesComponent``.
"""

COMPCHEM_PROCESSOR_PUBLISH_MODE = "warn"
"""What publishing a draft does while runs of its files are active.

``warn``: the publish dialog lists them and the owner confirms; ``block``: the
publish is refused, naming them; ``allow``: no word in the dialog. A publish
that goes through stops them with the reason ``published``.
"""

COMPCHEM_PROCESSOR_ENGINE = "argo"
"""Engine that executes runs: ``argo`` (Argo Workflows) or ``local`` (Celery)."""

COMPCHEM_PROCESSOR_WORKFLOWS = DEFAULT_WORKFLOWS
"""Workflow definitions by name, validated at application start.

The defaults are in :mod:`invenio_compchem_processor.default_workflows`.

Each definition has ``title``, ``description``, ``match`` (``extensions``
or ``names``, lower-case file-name patterns, and/or ``mimetypes``: when
mimetypes are given too both must match), ``auto`` (process
matching uploads automatically) and ``engines``: per engine, how it runs the
workflow (Argo: ``template`` and static ``parameters``; local: ``command``).
"""

COMPCHEM_PROCESSOR_MAX_FILES_PER_RUN = 100
"""Largest number of files a manually started run may take."""

COMPCHEM_PROCESSOR_SUBMIT_MAX_RETRIES = 8
"""How often the submit task retries while the engine is unavailable."""

COMPCHEM_PROCESSOR_SUBMIT_BACKOFF = 5
"""First retry delay of the submit task in seconds; doubles on each retry."""

COMPCHEM_PROCESSOR_SUBMIT_BACKOFF_MAX = 600
"""Longest delay between two submit retries in seconds."""

COMPCHEM_PROCESSOR_NAME_ATTEMPTS = 5
"""How many sequence numbers a submit tries when a run name already exists."""

COMPCHEM_PROCESSOR_ENGINE_RETRY_AFTER = 30
"""``Retry-After`` seconds answered with a 503 when the engine is unavailable."""

COMPCHEM_PROCESSOR_PERMISSION_POLICY = RunsPermissionPolicy
"""Permission policy of runs and workflow definitions."""

COMPCHEM_PROCESSOR_ARGO_URL = "https://localhost:2746"
"""Base URL of the Argo Server."""

COMPCHEM_PROCESSOR_ARGO_NAMESPACE = "argo"
"""Kubernetes namespace in which runs are submitted."""

COMPCHEM_PROCESSOR_ARGO_TOKEN = None
"""Bearer token of the Argo service account, as a string."""

COMPCHEM_PROCESSOR_ARGO_TOKEN_FILE = None
"""Path of a file holding the token, re-read on every call (rotated tokens)."""

COMPCHEM_PROCESSOR_ARGO_VERIFY = True
"""TLS verification: ``True``, ``False`` or the path of a CA bundle."""

COMPCHEM_PROCESSOR_ARGO_CONNECT_TIMEOUT = 3.05
"""Seconds to wait for a connection to the Argo Server."""

COMPCHEM_PROCESSOR_ARGO_READ_TIMEOUT = 30
"""Seconds to wait for an answer (or the next line of a stream) from Argo."""

COMPCHEM_PROCESSOR_LOG_TAIL_LINES = 200
"""Default and largest number of log lines the REST API returns per request."""

COMPCHEM_PROCESSOR_CREDENTIAL_TTL = 6 * 3600
"""Seconds a run credential stays valid at most (the run's deadline)."""

COMPCHEM_PROCESSOR_API_URL = None
"""Base URL of the REST API as runs reach it; defaults to ``SITE_API_URL``."""

COMPCHEM_PROCESSOR_RESULTS_TARGET = "media"
"""Where run results go: ``media`` (the draft's media files) or ``files``."""

COMPCHEM_PROCESSOR_MAX_RESULT_SIZE = 100 * 1024**2
"""Largest result file a run may write, in bytes (larger: 413)."""

COMPCHEM_PROCESSOR_MAX_METADATA_SIZE = 1024**2
"""Largest extracted-metadata document a run may write, in bytes."""

COMPCHEM_PROCESSOR_PHASE_CACHE_SECONDS = 5
"""Seconds a run's engine phase is remembered per process when checking credentials."""

COMPCHEM_PROCESSOR_PROGRESS_TTL = 6 * 3600
"""Seconds a run's last progress report is kept in the cache."""

COMPCHEM_PROCESSOR_LOCAL_QUEUE = "compchem-local"
"""Celery queue of the local engine's runs; its workers run ``-Q`` with it."""

COMPCHEM_PROCESSOR_LOCAL_WORKDIR = None
"""Directory of the local engine's scratch directories (``None``: the system's temp)."""

COMPCHEM_PROCESSOR_LOCAL_DEFAULT_TIMEOUT = 3600
"""Seconds a local processor step may run when its workflow sets no ``timeout``."""

COMPCHEM_PROCESSOR_LOCAL_KILL_GRACE = 5
"""Seconds between SIGTERM and SIGKILL when a step is stopped or times out."""

COMPCHEM_PROCESSOR_LOCAL_POLL_INTERVAL = 0.5
"""Seconds between a worker's checks of its run's row for a stop or deletion."""

COMPCHEM_PROCESSOR_LOCAL_HEARTBEAT_TIMEOUT = 120
"""Seconds without a worker heartbeat after which a running run shows as Error."""

COMPCHEM_PROCESSOR_LOCAL_LOG_MAX_BYTES = 256 * 1024
"""Largest log kept per step; older lines are dropped first."""

COMPCHEM_PROCESSOR_LOCAL_HTTP_ATTEMPTS = 6
"""Attempts of each callback API call of a local run on transient failures."""

COMPCHEM_PROCESSOR_LOCAL_HTTP_RETRY_DELAY = 2
"""First delay in seconds between two attempts of a callback call; doubles."""

COMPCHEM_PROCESSOR_LOCAL_HEALTH_TIMEOUT = 1.0
"""Seconds the health check waits for workers to say which queues they serve."""

COMPCHEM_PROCESSOR_LOCAL_WATCH_INTERVAL = 1.0
"""Seconds between two polls of the local engine's watch and log follow."""

COMPCHEM_PROCESSOR_LOCAL_FOLLOW_SECONDS = 300
"""Longest a followed local log stream stays open."""

COMPCHEM_PROCESSOR_LOCAL_WARM = True
"""Fork processors that are console scripts of this installation from a warm server."""

COMPCHEM_PROCESSOR_LOCAL_PRELOAD = (
    "numpy",
    "cclib",
    "cclib.bridge",
    "ase.io",
    "invenio_compchem_processor.processors.cclib_summary",
    "invenio_compchem_processor.processors.periodic_summary",
    "invenio_compchem_processor.processors.md_summary",
)
"""Modules the warm processor server imports once per worker process."""

COMPCHEM_PROCESSOR_LOCAL_MEMORY_LIMIT = None
"""Bytes of address space (``RLIMIT_AS``) of a local processor (``None``: none)."""

COMPCHEM_PROCESSOR_MAX_STARTS_PER_DRAFT_HOUR = 60
"""Manual starts and resubmits per draft in any hour (0: no limit); past it, 429."""

COMPCHEM_PROCESSOR_MAX_ACTIVE_RUNS_PER_USER = 50
"""Active runs a user may have started at once (0: no limit); past it, 429."""

COMPCHEM_PROCESSOR_EVENTS_REDIS_URL = None
"""Redis holding run events (``None``: ``CACHE_REDIS_URL``)."""

COMPCHEM_PROCESSOR_EVENTS_TTL = 300
"""Seconds a record's events are kept after its last one, for resuming clients."""

COMPCHEM_PROCESSOR_EVENTS_MAXLEN = 1000
"""Events kept per record (approximately; older ones are dropped)."""

COMPCHEM_PROCESSOR_EVENTS_URL_TTL = 300
"""Seconds a signed stream URL can be opened after it was issued."""

COMPCHEM_PROCESSOR_EVENTS_HEARTBEAT = 15
"""Seconds between heartbeat comments on an idle stream."""

COMPCHEM_PROCESSOR_EVENTS_RECHECK = 60
"""Seconds between re-checks of the user's read permission on an open stream."""

COMPCHEM_PROCESSOR_EVENTS_STREAM_MAX_SECONDS = 3600
"""Longest a stream stays open; the client then reconnects with a new URL."""

COMPCHEM_PROCESSOR_EVENTS_MAX_STREAMS_PER_USER = 10
"""Open streams one user may hold at once; past it, 429."""

COMPCHEM_PROCESSOR_EVENTS_RETRY_MS = 3000
"""The ``retry:`` the stream tells browsers to wait before reconnecting."""

COMPCHEM_PROCESSOR_LOCK_TIMEOUT = 10
"""Seconds a change of a record's runs or results waits for the record's lock.

Past it the request answers 503 with ``Retry-After`` and names what holds it.
"""

COMPCHEM_PROCESSOR_LOCAL_HEALTH_CACHE = 10
"""Seconds the local engine's health (any worker on its queue?) is cached for run lists."""

COMPCHEM_PROCESSOR_LOCAL_REQUEUE_SCHEDULE = {
    "task": "invenio_compchem_processor.engines.local.tasks.queue_waiting_runs",
    "schedule": 30,
}
"""Celery beat entry that queues runs left waiting while the broker was down.

Add it to ``CELERY_BEAT_SCHEDULE`` under a name of your choice.
"""

COMPCHEM_PROCESSOR_LOCAL_REQUEUE_AFTER = 300
"""Seconds after which a queued run no worker took is queued again, once (0: never).

Its message was lost (broker purged or restarted); the beat task of
``COMPCHEM_PROCESSOR_LOCAL_REQUEUE_SCHEDULE`` sends it again.
"""

COMPCHEM_PROCESSOR_UI_JAVASCRIPT_TEMPLATE = "invenio_compchem_processor/javascript.html"
"""Page template that adds the panel's bundle after RDM's scripts.

Set as ``THEME_JAVASCRIPT_TEMPLATE`` while that still has RDM's default; an
instance with its own template includes this one's bundle line instead.
"""

COMPCHEM_PROCESSOR_UI_BASE_JAVASCRIPT_TEMPLATE = "invenio_app_rdm/javascript.html"
"""RDM's page scripts, which the panel's template includes first."""

COMPCHEM_PROCESSOR_UI_PREVIEW_TEMPLATE = (
    "invenio_compchem_processor/processing_panel.html"
)
"""Sidebar template of a draft's preview page with the panel (``None``: none)."""

#
# Administration
#
COMPCHEM_PROCESSOR_ADMIN_PERMISSION_POLICY = AdminPermissionPolicy
"""Permission policy of the admin API and views (``administration-access``)."""

COMPCHEM_PROCESSOR_ADMIN_PHASES_CACHE_SECONDS = 5
"""Seconds the engine's phase of every run is reused for filtering and counting."""

COMPCHEM_PROCESSOR_ADMIN_LOG_TAIL_LINES = 50
"""Log lines shown on a run's admin page."""

COMPCHEM_PROCESSOR_ADMIN_BULK_MAX_RUNS = 10000
"""Most runs one bulk retry or restart takes."""

COMPCHEM_PROCESSOR_ADMIN_BULK_INTERVAL = 5
"""Seconds between two advances of a bulk action's roll-out."""

COMPCHEM_PROCESSOR_ADMIN_BULK_SCHEDULE = {
    "task": "invenio_compchem_processor.services.admin.tasks.advance_bulk_actions",
    "schedule": 15,
}
"""Celery beat entry that rolls bulk actions out as their runs end.

Add it to ``CELERY_BEAT_SCHEDULE`` under a name of your choice.
"""

COMPCHEM_PROCESSOR_ADMIN_REFRESH_SECONDS = 10
"""Seconds between two refreshes of the admin run list while runs are active."""

COMPCHEM_PROCESSOR_ADMIN_SEARCH = {
    "facets": ["phase", "workflow", "engine", "trigger", "created"],
    "sort": ["newest", "oldest", "longest", "shortest"],
}
"""Facets and sorts the admin run list offers."""

COMPCHEM_PROCESSOR_ADMIN_SORT_OPTIONS = {
    "newest": {"title": "Newest", "fields": ["-created"]},
    "oldest": {"title": "Oldest", "fields": ["created"]},
    "longest": {"title": "Longest", "fields": ["-duration"]},
    "shortest": {"title": "Shortest", "fields": ["duration"]},
}
"""Sort options of the admin run list."""

COMPCHEM_PROCESSOR_ADMIN_FACETS = {
    name: {"facet": RunFacet(label), "ui": {"field": name}}
    for name, label in (
        ("phase", "Phase"),
        ("workflow", "Workflow"),
        ("engine", "Engine"),
        ("trigger", "Started by"),
        ("created", "Created"),
    )
}
"""Facets of the admin run list, as invenio-search-ui reads them."""

#
# Notifications
#
COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED = True
"""Email the draft's owner and the runs' starters a digest when a batch of runs has ended."""

COMPCHEM_PROCESSOR_NOTIFY_QUIET_PERIOD = 300
"""Seconds after the last run ended when a digest is sent although runs of the batch remain active."""

COMPCHEM_PROCESSOR_NOTIFY_BATCH_WINDOW = 24 * 3600
"""Seconds before an ended run's start from which the draft's runs not yet notified join its digest."""

COMPCHEM_PROCESSOR_NOTIFY_SETTLE_PERIOD = 60
"""Seconds the engine is given to report the final phase of a run that closed its context."""

NOTIFICATIONS_BUILDERS = {
    **_RDM_NOTIFICATIONS_BUILDERS,
    RunsEndedNotificationBuilder.type: RunsEndedNotificationBuilder,
    CampaignProposalNotificationBuilder.type: CampaignProposalNotificationBuilder,
}
"""RDM's notification builders plus the digest of ended runs and campaign proposals.

An instance that sets ``NOTIFICATIONS_BUILDERS`` itself adds the lines
``RunsEndedNotificationBuilder.type: RunsEndedNotificationBuilder`` and
``CampaignProposalNotificationBuilder.type: CampaignProposalNotificationBuilder``.
"""
