# SPDX-License-Identifier: MIT
"""The admin run list as SQL: filters, search, sorts and facet counts.

Everything but the phase lives in the write-once rows. The phase lives in the
engine. An engine whose state is in this database gives it as SQL
(``Engine.phase_query``), joined by run name. Otherwise its phase of every run
it holds (``Engine.run_phases``) is joined in as an ``unnest`` of two arrays.
Either way filtering and counting by phase stay one SQL query each. A run the
engine does not hold, or one that could not start, is ``NotStarted``, as
:class:`~invenio_compchem_processor.api.Run` shows it.
"""

from datetime import datetime, timedelta, timezone

from invenio_accounts.models import User
from invenio_db import db
from invenio_rdm_records.records.models import (
    RDMDraftMetadata,
    RDMParentMetadata,
    RDMRecordMetadata,
)
from sqlalchemy import (
    ARRAY,
    String,
    and_,
    any_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.sql import Select

from ...engines.base import Phase
from ...models import (
    CompchemFile,
    CompchemRun,
    CompchemRunDuration,
    CompchemRunEnd,
    CompchemRunFile,
    CompchemRunStartError,
)
from ..errors import InvalidAdminQueryError

NOT_STARTED = Phase.NOT_STARTED.value

CREATED_RANGES = {
    "day": (timedelta(0), timedelta(days=1)),
    "week": (timedelta(days=1), timedelta(days=7)),
    "month": (timedelta(days=7), timedelta(days=30)),
    "older": (timedelta(days=30), None),
}
"""``created`` facet buckets: (newer bound, older bound) before now."""

FACETS = ("phase", "workflow", "engine", "trigger", "created")


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _engine_phases(phases):
    """The engine's ``{name: Phase}`` as a table ``engine_phase(name, phase)``."""
    names = list(phases)
    values = [phases[name].value for name in names]
    return (
        func.unnest(literal(names, ARRAY(String)), literal(values, ARRAY(String)))
        .table_valued("name", "phase")
        .render_derived(name="engine_phase")
    )


def _created_bucket(now):
    whens = [
        (CompchemRun.created >= now - older, key)
        for key, (_, older) in CREATED_RANGES.items()
        if older is not None
    ]
    return case(*whens, else_="older")


def _duration():
    """Seconds from a run's creation to its own end call, or NULL."""
    finished = (
        select(func.min(CompchemRunEnd.created))
        .where(
            CompchemRunEnd.run_id == CompchemRun.id,
            CompchemRunEnd.reason == "finished",
        )
        .scalar_subquery()
    )
    return func.extract("epoch", finished - CompchemRun.created)


def _owned_record_ids(email):
    """Ids of drafts and records whose owner's email matches."""
    users = select(cast(User.id, String)).where(func.lower(User.email) == email)
    owned = []
    for model in (RDMDraftMetadata, RDMRecordMetadata):
        owner = RDMParentMetadata.json["access"]["owned_by"]["user"].as_string()
        owned.append(
            select(model.json["id"].as_string())
            .join(RDMParentMetadata, RDMParentMetadata.id == model.parent_id)
            .where(owner.in_(users))
        )
    return union(*owned)


def _text_search(q):
    """Runs whose record id, run name, a file's key or an owner's email match ``q``.

    One membership test of a union of ids, each part through its own index
    (``record_id``, the trigram indexes of names and file keys).
    """
    q = q.strip()
    needle = q.lower()
    run = CompchemRun
    parts = [
        select(run.id).where(run.record_id == q),
        select(run.id).where(func.lower(run.name).contains(needle, autoescape=True)),
        select(CompchemRunFile.run_id)
        .join(CompchemFile, CompchemFile.id == CompchemRunFile.file_id)
        .where(func.lower(CompchemFile.file_key).contains(needle, autoescape=True)),
    ]
    if "@" in q:
        starters = select(User.id).where(func.lower(User.email) == needle)
        parts += [
            select(run.id).where(run.created_by.in_(starters)),
            select(run.id).where(run.record_id.in_(_owned_record_ids(needle))),
        ]
    return CompchemRun.id.in_(union(*parts))


class RunsQuery:
    """One admin search: the matching runs as a subquery, and what to ask of it."""

    def __init__(self, params, phases):
        """``params``: the search arguments.

        ``phases``: the engine's, as ``{name: Phase}`` or as a SQL query of
        ``(name, phase)``; None when the engine is down.
        """
        self.params = params
        self.phases = phases
        self.phase_table = (
            phases.subquery("engine_phase") if isinstance(phases, Select) else None
        )
        self.now = _now()
        self.matching = self._matching(with_phase=False).subquery("matching")

    def _phase(self, engine_phase):
        started = exists().where(CompchemRunStartError.run_id == CompchemRun.id)
        if engine_phase is None:
            return case((started, NOT_STARTED), else_=None)
        return case(
            (started, NOT_STARTED),
            else_=func.coalesce(engine_phase.c.phase, NOT_STARTED),
        )

    def _phase_filter(self):
        """Runs in the wanted phases, by the names the engine gives them.

        An array of names rather than a join of every phase the engine holds:
        the filter stays an index-friendly membership test.
        """
        if self.phases is None:
            raise InvalidAdminQueryError("Phases are unknown: the engine is down.")
        wanted = set(self.params["phase"])
        started = exists().where(CompchemRunStartError.run_id == CompchemRun.id)
        names = [name for name, phase in self.phases.items() if phase.value in wanted]
        conditions = [
            and_(CompchemRun.name == any_(literal(names, ARRAY(String))), ~started)
        ]
        if NOT_STARTED in wanted:
            held = literal(list(self.phases), ARRAY(String))
            conditions += [started, ~(CompchemRun.name == any_(held))]
        return or_(*conditions)

    def _matching(self, with_phase):
        """The matching runs; the engine's phases are joined only ``with_phase``."""
        params = self.params
        engine_phase = self.phase_table
        if engine_phase is None and with_phase and self.phases is not None:
            engine_phase = _engine_phases(self.phases)
        phase = self._phase(engine_phase)
        query = select(
            CompchemRun.id.label("id"),
            CompchemRun.workflow.label("workflow"),
            CompchemRun.engine.label("engine"),
            CompchemRun.trigger.label("trigger"),
            _created_bucket(self.now).label("created"),
            phase.label("phase"),
        )
        if engine_phase is not None:
            query = query.outerjoin(
                engine_phase, engine_phase.c.name == CompchemRun.name
            )
        for column in ("workflow", "engine", "trigger"):
            values = params.get(column)
            if values:
                query = query.where(getattr(CompchemRun, column).in_(values))
        if params.get("phase") and self.phase_table is not None:
            query = query.where(phase.in_(params["phase"]))
        elif params.get("phase"):
            query = query.where(self._phase_filter())
        if params.get("created"):
            unknown = set(params["created"]) - set(CREATED_RANGES)
            if unknown:
                raise InvalidAdminQueryError(f"Unknown date range: {sorted(unknown)}.")
            query = query.where(_created_bucket(self.now).in_(params["created"]))
        if params.get("record_id"):
            query = query.where(CompchemRun.record_id == params["record_id"])
        if params.get("q"):
            query = query.where(_text_search(params["q"]))
        return query

    def total(self):
        """How many runs match."""
        return db.session.scalar(select(func.count()).select_from(self.matching))

    def page_ids(self, sort, page, size):
        """Ids of one page of matching runs, in ``sort`` order."""
        m = self.matching.c
        if sort in ("longest", "shortest") and db.engine.dialect.name != "postgresql":
            return self._page_by_end(sort == "longest", page, size)
        if sort in ("longest", "shortest"):
            return self._page_by_duration(sort == "longest", page, size)
        order = {"newest": [m.id.desc()], "oldest": [m.id.asc()]}
        if sort not in order:
            raise InvalidAdminQueryError(f"Unknown sort: {sort}.")
        query = select(m.id).order_by(*order[sort]).limit(size)
        return db.session.scalars(query.offset((page - 1) * size)).all()

    def _page_by_end(self, longest, page, size):
        """Runs by their duration read from their ends: every run sorted (SQLite)."""
        duration = _duration()
        query = select(CompchemRun.id).join(
            self.matching, self.matching.c.id == CompchemRun.id
        )
        direction = duration.desc() if longest else duration.asc()
        query = query.order_by(direction.nulls_last(), CompchemRun.id.desc())
        query = query.limit(size).offset((page - 1) * size)
        return db.session.scalars(query).all()

    def _page_by_duration(self, longest, page, size):
        """Runs with a duration first, through its index; then the others, newest first.

        Two statements whatever the page: the timed runs from the page's
        offset, then as many untimed ones as the page still lacks.
        """
        m = self.matching.c
        offset = (page - 1) * size
        seconds = CompchemRunDuration.seconds
        timed = (
            select(m.id)
            .join(CompchemRunDuration, CompchemRunDuration.run_id == m.id)
            .order_by(seconds.desc() if longest else seconds.asc(), m.id.desc())
        )
        ids = db.session.scalars(timed.limit(size).offset(offset)).all()
        if ids or not offset:
            skipped = 0 if ids else offset
        else:
            skipped = db.session.scalar(
                select(func.count()).select_from(timed.limit(offset).subquery())
            )
            skipped = offset - skipped
        untimed = (
            select(m.id)
            .where(~exists().where(CompchemRunDuration.run_id == m.id))
            .order_by(m.id.desc())
            .limit(size - len(ids))
            .offset(skipped)
        )
        return ids + db.session.scalars(untimed).all()

    def counts(self):
        """``{facet: {value: count}}`` over the matching runs, in one query.

        Phases are counted only when the engine answered; without its phases
        as SQL, counting them joins every phase the engine holds.
        """
        faceted = self._matching(with_phase=True).subquery("faceted")
        m = faceted.c
        facets = [f for f in FACETS if f != "phase" or self.phases is not None]
        columns = [getattr(m, facet) for facet in facets]
        query = select(
            *columns,
            *(
                func.grouping(column).label(f"g_{f}")
                for f, column in zip(facets, columns)
            ),
            func.count().label("n"),
        ).group_by(func.grouping_sets(*columns))
        counts = {facet: {} for facet in facets}
        for row in db.session.execute(query).mappings():
            for facet in facets:
                if row[f"g_{facet}"] == 0:
                    counts[facet][row[facet]] = row["n"]
        return counts
