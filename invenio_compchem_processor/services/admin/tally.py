# SPDX-License-Identifier: MIT
"""The admin list's total and facet counts from ``compchem_run_tally``.

The tally (kept by the database, see :mod:`~invenio_compchem_processor.run_tally`)
counts runs by workflow, engine, trigger, hour (and month) and the local
engine's stored phase. A page's counts are the tally's rows of the last two
months' hours and of the months before, which grow neither with the runs
nor much with time, plus two exact corrections that read only a few runs
through indexes:

- the runs of the three hours that the ``created`` ranges (1, 7, 30 days
  ago) cut in two are counted one by one, with their ranges;
- a ``Running`` run whose worker went silent is ``Error``
  (``LocalEngine.phase_query``): those runs move from one to the other.

A search the tally cannot answer (text, one record) is counted exactly.
"""

from collections import Counter
from datetime import timedelta

from invenio_db import db
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.sql import Select

from ...engines.base import Phase
from ...engines.local.models import LocalRun, utcnow
from ...models import CompchemRun, CompchemRunStartError, CompchemRunTally
from .query import CREATED_RANGES, FACETS, _created_bucket

KEY = ("workflow", "engine", "trigger", "created", "phase")
FILTERED = ("workflow", "engine", "trigger")


def _hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)


class RunTally:
    """The counts of one admin search, from the tally."""

    def __init__(self, query, engine):
        """``query``: the search (:class:`RunsQuery`); ``engine``: the local engine."""
        self.query = query
        self.engine = engine
        self.cut = [
            _hour(query.now - older)
            for _, older in CREATED_RANGES.values()
            if older is not None
        ]

    @classmethod
    def answers(cls, query, engine):
        """Whether the tally counts this search: the local engine's phases, no text."""
        params = query.params
        return (
            engine.name == "local"
            and isinstance(query.phases, Select)
            and db.engine.dialect.name == "postgresql"
            and not params.get("q")
            and not params.get("record_id")
        )

    def _in_cut_hours(self, column):
        hour = timedelta(hours=1)
        return or_(*(and_(column >= h, column < h + hour) for h in self.cut))

    def _filtered(self, query, model):
        for name in FILTERED:
            if self.query.params.get(name):
                query = query.where(getattr(model, name).in_(self.query.params[name]))
        return query

    def _tallied(self):
        """The tally's rows outside the cut hours, by key.

        Hours from the month of the oldest cut hour on; before it, months
        (all ``older``). So the rows read grow with two months of hours, not
        with the runs nor the site's age.
        """
        tally = CompchemRunTally
        day, week, month = self.cut
        since = month.replace(day=1, hour=0)
        bucket = case(
            (tally.hour > day, "day"),
            (tally.hour > week, "week"),
            (tally.hour > month, "month"),
            else_="older",
        )
        columns = (tally.workflow, tally.engine, tally.trigger, bucket, tally.phase)
        hours = and_(
            tally.span == "hour", tally.hour >= since, tally.hour.not_in(self.cut)
        )
        months = and_(tally.span == "month", tally.hour < since)
        query = (
            select(*columns, func.sum(tally.n))
            .where(or_(hours, months))
            .group_by(*columns)
        )
        return db.session.execute(self._filtered(query, tally)).all()

    def _cut(self):
        """The runs of the cut hours, counted one by one."""
        matching = self.query._matching(with_phase=True)
        matching = matching.where(self._in_cut_hours(CompchemRun.created)).subquery()
        columns = [matching.c[name] for name in KEY]
        query = select(*columns, func.count()).group_by(*columns)
        return db.session.execute(query).all()

    def _silent(self):
        """``Running`` runs of silent workers outside the cut hours."""
        silent = utcnow() - timedelta(seconds=self.engine.heartbeat_timeout)
        started = exists().where(CompchemRunStartError.run_id == CompchemRun.id)
        bucket = _created_bucket(self.query.now)
        columns = (
            CompchemRun.workflow,
            CompchemRun.engine,
            CompchemRun.trigger,
            bucket,
        )
        query = (
            select(*columns, func.count())
            .join(LocalRun, LocalRun.name == CompchemRun.name)
            .where(
                LocalRun.phase == Phase.RUNNING.value,
                LocalRun.heartbeat < silent,
                ~started,
                ~self._in_cut_hours(CompchemRun.created),
            )
            .group_by(*columns)
        )
        return db.session.execute(self._filtered(query, CompchemRun)).all()

    def rows(self):
        """``{(workflow, engine, trigger, created, phase): runs}`` of the search."""
        counts = Counter()
        for *key, n in self._tallied():
            counts[tuple(key)] += n
        for *key, n in self._silent():
            counts[(*key, Phase.RUNNING.value)] -= n
            counts[(*key, Phase.ERROR.value)] += n
        wanted = {
            index: set(self.query.params[name])
            for index, name in enumerate(KEY)
            if self.query.params.get(name)
        }
        for key in list(counts):
            if any(key[index] not in values for index, values in wanted.items()):
                del counts[key]
        for *key, n in self._cut():
            counts[tuple(key)] += n
        return counts

    def total_and_counts(self):
        """The total and ``{facet: {value: count}}``, as the exact count gives them."""
        rows = self.rows()
        counts = {facet: Counter() for facet in FACETS}
        for key, n in rows.items():
            for facet, value in zip(KEY, key):
                counts[facet][value] += n
        return sum(rows.values()), {
            facet: {value: n for value, n in values.items() if n}
            for facet, values in counts.items()
        }
