# SPDX-License-Identifier: MIT
"""PostgreSQL triggers that keep ``compchem_run_tally`` equal to a count of the runs.

They also keep ``compchem_run_duration``: a run's seconds from its creation
to its first ``finished`` end, so that runs are sorted by duration through an
index.

The tally counts runs by workflow, engine, trigger, hour of creation and
stored phase, and again by month of creation (``span``). The stored phase is
``NotStarted`` for a run with a start error, else the local engine's
``phase`` of the run's name, else ``NotStarted`` (what
``LocalEngine.phase_query`` and the admin query say, before a silent
worker's ``Running`` is read as ``Error``, which the admin query corrects).
Every statement that changes one of these inputs moves its runs' counts in
the same transaction: inserting or deleting runs, start errors and local
runs, and a local run's phase changing. The ``compchem_*`` rows are
write-once, so in practice runs are added and local runs change phase.
"""

from sqlalchemy import DDL

RUN_PHASE = """
CREATE OR REPLACE FUNCTION compchem_run_phase(run_id integer, run_name text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN EXISTS (SELECT 1 FROM compchem_run_start_error e WHERE e.run_id = $1)
    THEN 'NotStarted'
    ELSE coalesce(
      (SELECT l.phase FROM compchem_local_run l WHERE l.name = $2), 'NotStarted')
  END
$$
"""

MOVE = """
INSERT INTO compchem_run_tally (span, hour, workflow, engine, trigger, phase, n)
SELECT s.span, date_trunc(s.span, r.created), r.workflow, r.engine, r.trigger,
       d.phase, sum(d.n)
FROM ({deltas}) AS d JOIN compchem_run r ON r.id = d.run_id
CROSS JOIN (VALUES ('hour'), ('month')) AS s (span)
GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d.n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
ON CONFLICT (span, hour, workflow, engine, trigger, phase)
DO UPDATE SET n = compchem_run_tally.n + EXCLUDED.n
"""
"""Add ``deltas`` (``run_id``, ``phase``, ``n``) to the tally's hours and months."""

_NO_START_ERROR = (
    "NOT EXISTS (SELECT 1 FROM compchem_run_start_error e WHERE e.run_id = r.id)"
)
_LOCAL_RUNS = (
    "SELECT r.id AS run_id, {phase} AS phase, {n} AS n FROM {rows} "
    "JOIN compchem_run r ON r.name = x.name WHERE " + _NO_START_ERROR
)
_CHANGED = "new_rows x JOIN old_rows o ON o.id = x.id AND o.phase <> x.phase"


def _local(rows, phase, n, before, n_before):
    return (
        _LOCAL_RUNS.format(phase=phase, n=n, rows=rows)
        + " UNION ALL "
        + _LOCAL_RUNS.format(phase=before, n=n_before, rows=rows)
    )


def _start_error(rows, n):
    local = (
        "coalesce((SELECT l.phase FROM compchem_local_run l JOIN compchem_run r "
        "ON r.name = l.name WHERE r.id = x.run_id), 'NotStarted')"
    )
    return (
        f"SELECT x.run_id, 'NotStarted' AS phase, {n} AS n FROM {rows} x "
        f"UNION ALL SELECT x.run_id, {local}, {-n} FROM {rows} x"
    )


DELTAS = {
    # (table, event): each affected run's moves, from the transition tables
    ("compchem_run", "INSERT"): (
        "SELECT id AS run_id, compchem_run_phase(id, name) AS phase, 1 AS n "
        "FROM new_rows"
    ),
    ("compchem_run_start_error", "INSERT"): _start_error("new_rows", 1),
    ("compchem_run_start_error", "DELETE"): _start_error("old_rows", -1),
    ("compchem_local_run", "INSERT"): _local(
        "new_rows x", "x.phase", 1, "'NotStarted'", -1
    ),
    ("compchem_local_run", "UPDATE"): _local(_CHANGED, "x.phase", 1, "o.phase", -1),
    ("compchem_local_run", "DELETE"): _local(
        "old_rows x", "x.phase", -1, "'NotStarted'", 1
    ),
}

RUN_DELETE = """
INSERT INTO compchem_run_tally (span, hour, workflow, engine, trigger, phase, n)
SELECT s.span, date_trunc(s.span, r.created), r.workflow, r.engine, r.trigger,
       compchem_run_phase(r.id, r.name), -count(*)
FROM old_rows r CROSS JOIN (VALUES ('hour'), ('month')) AS s (span)
GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
ON CONFLICT (span, hour, workflow, engine, trigger, phase)
DO UPDATE SET n = compchem_run_tally.n + EXCLUDED.n
"""
"""Deleted runs: their rows are gone by then, so they are read from ``old_rows``."""


def _trigger(table, event, body):
    name = f"compchem_tally_{table.removeprefix('compchem_')}_{event.lower()}"
    transition = "OLD TABLE AS old_rows" if event == "DELETE" else ""
    if event == "INSERT":
        transition = "NEW TABLE AS new_rows"
    elif event == "UPDATE":
        transition = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
    return [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN {body}; RETURN NULL; END $$",
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]


def statements():
    """The SQL that installs the tally's function and triggers (idempotent)."""
    sql = [RUN_PHASE]
    for (table, event), deltas in DELTAS.items():
        sql += _trigger(table, event, MOVE.format(deltas=deltas))
    sql += _trigger("compchem_run", "DELETE", RUN_DELETE)
    return sql + _trigger("compchem_run_end", "INSERT", DURATION)


def fill_statements():
    """The SQL that counts the runs already there into an empty tally."""
    return [
        MOVE.format(
            deltas="SELECT id AS run_id, compchem_run_phase(id, name) AS phase, "
            "1 AS n FROM compchem_run"
        ),
        DURATION.replace("new_rows", "compchem_run_end"),
    ]


def drop_statements():
    """The SQL that removes the triggers and functions."""
    sql = []
    triggers = (*DELTAS, ("compchem_run", "DELETE"), ("compchem_run_end", "INSERT"))
    for table, event in triggers:
        name = f"compchem_tally_{table.removeprefix('compchem_')}_{event.lower()}"
        sql += [
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        ]
    return sql + ["DROP FUNCTION IF EXISTS compchem_run_phase(integer, text)"]


def install(target, connection, **kw):
    """Install the triggers after ``create_all`` (PostgreSQL only)."""
    if connection.dialect.name != "postgresql":
        return
    tables = {
        "compchem_run",
        "compchem_run_start_error",
        "compchem_run_end",
        "compchem_local_run",
        "compchem_run_duration",
    }
    if not tables <= set(target.tables):
        return
    for statement in statements():
        connection.execute(DDL(statement.replace("%", "%%")))


DURATION = """
INSERT INTO compchem_run_duration (run_id, seconds)
SELECT r.id, extract(epoch FROM min(e.created) - r.created)
FROM new_rows e JOIN compchem_run r ON r.id = e.run_id
WHERE e.reason = 'finished' GROUP BY r.id, r.created ORDER BY r.id
ON CONFLICT (run_id)
DO UPDATE SET seconds = least(compchem_run_duration.seconds, EXCLUDED.seconds)
"""
"""A run's duration: from its creation to its first ``finished`` end."""


def install_extension(target, connection, **kw):
    """``pg_trgm``, whose indexes the admin text search uses (PostgreSQL only)."""
    if connection.dialect.name == "postgresql":
        connection.execute(DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
