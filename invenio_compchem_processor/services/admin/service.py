# SPDX-License-Identifier: MIT
"""The admin service: every run of every record, and what an administrator does with it.

The list is DB-backed: filters, search, sorts and facet counts are SQL over
the write-once rows; the engine is asked once per page for the page's runs
(``Engine.list_runs_named``). Phases are filtered and counted in SQL: joined
from the engine's own tables where it has them (``Engine.phase_query``),
else asked at most every ``COMPCHEM_PROCESSOR_ADMIN_PHASES_CACHE_SECONDS``
(``Engine.run_phases``). Totals and facet counts come from the database's
tally of runs when it answers the search (:mod:`.tally`), else they are
counted; either way a filter's are reused for as long. Nothing here
searches records.
"""

import time
from datetime import datetime, timezone

from flask import current_app
from invenio_cache import current_cache
from invenio_db import db
from invenio_records_resources.services.base import Service
from sqlalchemy import select

from ...api import load_run, load_runs
from ...engines.base import EngineError, EngineUnavailableError
from ...models import CompchemRun, CompchemRunCredential
from ...proxies import current_compchem, current_runs_service
from ..drafts import RESULT_MARKER, resolve_draft
from ..errors import AdminRunNotFoundError, DraftNotFoundError
from ..runs.links import can_resubmit, can_retry, can_stop
from .bulk import BulkAdministration
from .campaigns import CampaignAdministration
from .health import HealthAdministration
from .query import RunsQuery
from .tally import RunTally
from .workflows import WorkflowAdministration

LAST_ENGINE_ERROR = "compchem:admin:last-engine-error"
"""Cache key of the last engine error an admin page saw."""

_phases_cache = {}
_counts_cache = {}


class AdminService(
    BulkAdministration,
    CampaignAdministration,
    WorkflowAdministration,
    HealthAdministration,
    Service,
):
    """Runs of all records: search, read, stop, retry, restart; bulk; switches; health."""

    @property
    def engine(self):
        """The configured engine."""
        return current_compchem.engine

    @property
    def schema(self):
        """The run schema, wrapped as invenio-administration reads it."""
        from invenio_records_resources.services.records.schema import (
            ServiceSchemaWrapper,
        )

        return ServiceSchemaWrapper(self, schema=self.config.schema)

    #
    # Engine state
    #
    def remember_engine_error(self, message):
        """Keep the engine's last error for the health page."""
        current_cache.set(
            LAST_ENGINE_ERROR,
            {
                "message": message,
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            timeout=7 * 24 * 3600,
        )

    def engine_phases(self):
        """The engine's phase of every run it holds; None if it is down.

        As SQL when the engine gives it so, else briefly cached.
        """
        query = self.engine.phase_query()
        if query is not None:
            return query
        seconds = current_app.config["COMPCHEM_PROCESSOR_ADMIN_PHASES_CACHE_SECONDS"]
        key = id(self.engine)
        cached = _phases_cache.get(key)
        if cached and time.monotonic() - cached[0] < seconds:
            return cached[1]
        try:
            phases = self.engine.run_phases()
        except EngineUnavailableError as error:
            self.remember_engine_error(error.message)
            return None
        _phases_cache[key] = (time.monotonic(), phases)
        return phases

    def load_page(self, rows):
        """The runs of ``rows`` with their live status: one engine call for all."""
        runs = load_runs(rows, self.engine, with_status=False)
        try:
            statuses = {
                s.name: s for s in self.engine.list_runs_named([r.name for r in runs])
            }
            error = None
        except EngineUnavailableError as exc:
            statuses, error = {}, exc.message
            self.remember_engine_error(error)
        for run in runs:
            run.status = statuses.get(run.name)
            run.engine_error = error
        return runs

    #
    # Links
    #
    def _api(self, path):
        return f"{current_app.config.get('SITE_API_URL', '')}/compchem/admin{path}"

    def run_links(self, run):
        """The run's API, its draft's page, and the actions its state allows."""
        base = self._api(f"/runs/{run.name}")
        actions = {}
        if can_stop(run):
            actions["stop"] = f"{base}/actions/stop"
        if can_retry(run):
            actions["retry"] = f"{base}/actions/retry"
        if can_resubmit(run):
            actions["restart"] = f"{base}/actions/restart"
        ui = current_app.config.get("SITE_UI_URL", "")
        return {
            "self": base,
            "record": f"{ui}/uploads/{run.record_id}",
            "actions": actions,
        }

    def page_links(self, params, pagination):
        """``self``, ``prev`` and ``next`` of a page of the run list."""

        def url(page):
            return self._api(
                f"/runs?page={page}&size={params['size']}&sort={params['sort']}"
            )

        links = {"self": url(pagination.page)}
        if pagination.has_prev:
            links["prev"] = url(pagination.prev_page.page)
        if pagination.has_next:
            links["next"] = url(pagination.next_page.page)
        return links

    #
    # Reading
    #
    def _row(self, name):
        row = db.session.scalars(
            select(CompchemRun).where(CompchemRun.name == name)
        ).one_or_none()
        if row is None:
            raise AdminRunNotFoundError(name)
        return row

    def _buckets(self, counts, selected):
        labels = self.config.facet_labels
        return {
            facet: {
                "label": labels[facet],
                "buckets": [
                    {
                        "key": key,
                        "doc_count": count,
                        "label": key,
                        "is_selected": key in (selected.get(facet) or ()),
                    }
                    for key, count in sorted(values.items(), key=lambda kv: -kv[1])
                    if key is not None
                ],
            }
            for facet, values in counts.items()
        }

    def search(self, identity, params=None):
        """A page of all records' runs with their live status, facets and total."""
        self.require_permission(identity, "search")
        params = {"page": 1, "size": 20, "sort": "newest", **(params or {})}
        query = RunsQuery(params, self.engine_phases())
        ids = query.page_ids(params["sort"], params["page"], params["size"])
        by_id = {
            row.id: row
            for row in db.session.scalars(
                select(CompchemRun).where(CompchemRun.id.in_(ids))
            )
        }
        runs = self.load_page([by_id[i] for i in ids])
        total, counts = self._total_and_counts(query, params)
        return self.config.result_list_cls(
            self,
            identity,
            runs,
            total,
            self._buckets(counts, params),
            params,
            self.run_links,
        )

    def _total_and_counts(self, query, params):
        """The total and facet counts of a filter, reused as long as the phases are."""
        seconds = current_app.config["COMPCHEM_PROCESSOR_ADMIN_PHASES_CACHE_SECONDS"]
        key = (id(self.engine), query.phases is None) + tuple(
            (name, tuple(value) if isinstance(value, list) else value)
            for name, value in sorted(params.items())
            if name not in ("page", "size", "sort")
        )
        cached = _counts_cache.get(key)
        if cached and time.monotonic() - cached[0] < seconds:
            return cached[1], cached[2]
        if RunTally.answers(query, self.engine):
            total, counts = RunTally(query, self.engine).total_and_counts()
        else:
            counts = query.counts()
            total = sum(counts["workflow"].values())
        if len(_counts_cache) > 1000:
            _counts_cache.clear()
        _counts_cache[key] = (time.monotonic(), total, counts)
        return total, counts

    def _credential(self, run):
        row = db.session.scalars(
            select(CompchemRunCredential)
            .where(CompchemRunCredential.run_id == run.row.id)
            .order_by(CompchemRunCredential.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return {"state": "none"}
        if run.context_ended:
            state = "ended"
        elif row.expires_at <= datetime.now(timezone.utc).replace(tzinfo=None):
            state = "expired"
        else:
            state = "active"
        return {
            "state": state,
            "issued": row.created.isoformat(),
            "expires": row.expires_at.isoformat(),
        }

    def _results(self, run):
        try:
            draft = resolve_draft(run.record_id)
        except DraftNotFoundError:
            return []
        results = []
        for files in (draft.files, getattr(draft, "media_files", None)):
            if files is None or not files.enabled:
                continue
            for key, entry in files.entries.items():
                marker = (entry.metadata or {}).get(RESULT_MARKER)
                if isinstance(marker, dict) and marker.get("run") == run.name:
                    results.append({"key": key, **marker})
        return sorted(results, key=lambda r: r["key"])

    def _log_tail(self, run):
        tail = current_app.config["COMPCHEM_PROCESSOR_ADMIN_LOG_TAIL_LINES"]
        try:
            return [
                line.content for line in self.engine.logs(run.name, tail_lines=tail)
            ]
        except EngineError as error:
            return [f"(no log: {error.message})"]

    def read(self, identity, name):
        """A run with steps, log tail, failure reason, results and credential state."""
        self.require_permission(identity, "read")
        run = load_run(self._row(name), self.engine)
        run.log_tail = self._log_tail(run) if run.status is not None else []
        run.results = self._results(run)
        run.credential = self._credential(run)
        return self.config.result_item_cls(
            self, identity, run, self.config.detail_schema, self.run_links
        )

    #
    # Acting on one run, through the depositors' service (same checks, same rules)
    #
    def _act(self, identity, name, action):
        self.require_permission(identity, "manage")
        row = self._row(name)
        item = getattr(current_runs_service, action)(identity, row.record_id, name)
        return self.read(identity, item.id)

    def stop(self, identity, name):
        """Stop an active run."""
        return self._act(identity, name, "stop")

    def retry(self, identity, name):
        """Retry a failed run under its own name."""
        return self._act(identity, name, "retry")

    def restart(self, identity, name):
        """Start the run's workflow again on its files, as a new run."""
        return self._act(identity, name, "resubmit")
