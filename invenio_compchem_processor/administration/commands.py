# SPDX-License-Identifier: MIT
"""``invenio compchem runs ...`` and ``workflows pause|resume``: the admin pages' CLI.

The same admin service, as the system, with the same filters as the run list.
"""

import click
from flask.cli import with_appcontext
from invenio_access.permissions import system_identity

from ..proxies import current_compchem


def _filters(function):
    """The run list's filters as options."""
    options = [
        click.option("-q", "query", help="Record id, run name, file key or email."),
        click.option("--phase", multiple=True),
        click.option("--workflow", multiple=True),
        click.option("--engine", multiple=True),
        click.option("--trigger", multiple=True),
        click.option("--created", multiple=True, help="day, week, month, older"),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _params(query, **filters):
    params = {key: list(value) for key, value in filters.items() if value}
    if query:
        params["q"] = query
    return params


def _echo(run):
    click.echo(
        "\t".join(
            [run["name"], run["record_id"], run["phase"], str(run["message"] or "")]
        )
    )


@click.group()
def runs():
    """Runs of all records."""


@runs.command("list")
@_filters
@click.option("--sort", default="newest")
@click.option("--limit", default=20, show_default=True)
@with_appcontext
def list_runs(query, sort, limit, **filters):
    """The runs matching the filters: name, record, phase, message."""
    params = {**_params(query, **filters), "sort": sort, "size": min(limit, 100)}
    result = current_compchem.admin_service.search(system_identity, params).to_dict()
    for run in result["hits"]["hits"]:
        _echo(run)
    click.echo(f"{result['hits']['total']} runs match.", err=True)


@runs.command("stop")
@click.argument("names", nargs=-1, required=True)
@with_appcontext
def stop_runs(names):
    """Stop the named runs."""
    for name in names:
        _echo(current_compchem.admin_service.stop(system_identity, name).to_dict())


def _bulk(action, names, query, dry_run, limit, concurrency, filters):
    service = current_compchem.admin_service
    if names:
        method = service.retry if action == "retry" else service.restart
        for name in names:
            _echo(method(system_identity, name).to_dict())
        return
    answer = service.bulk(
        system_identity,
        {
            "action": action,
            "query": _params(query, **filters),
            "concurrency": concurrency,
            "dry_run": True,
        },
    )
    for run in answer["first"][:limit]:
        _echo(run)
    click.echo(f"{answer['total']} runs would be submitted.", err=True)
    if dry_run:
        return
    if answer["total"] > limit:
        raise click.ClickException(
            f"{answer['total']} runs match, more than --limit {limit}."
        )
    state = service.bulk(
        system_identity,
        {
            "action": action,
            "query": _params(query, **filters),
            "concurrency": concurrency,
        },
    )
    click.echo(f"Bulk action {state['id']}: {state['total']} runs.", err=True)


def _bulk_command(action):
    @runs.command(action)
    @click.argument("names", nargs=-1)
    @_filters
    @click.option("--dry-run", is_flag=True, help="Only show what would be done.")
    @click.option("--limit", default=100, show_default=True)
    @click.option("--concurrency", default=2, show_default=True)
    @with_appcontext
    def command(names, query, dry_run, limit, concurrency, **filters):
        _bulk(action, names, query, dry_run, limit, concurrency, filters)

    command.__doc__ = (
        f"{action.capitalize()} the named runs, or those the filters match "
        "(at most --concurrency at a time)."
    )
    return command


retry_runs = _bulk_command("retry")
restart_runs = _bulk_command("restart")


@click.command("pause")
@click.argument("name")
@click.option("--reason", default=None)
@with_appcontext
def pause_workflow(name, reason):
    """Pause a workflow: no run of it starts."""
    state = current_compchem.admin_service.pause(
        system_identity, name, {"reason": reason}
    )
    click.echo(f"{name}\tpaused\t{state['switch']['reason'] or ''}")


@click.command("resume")
@click.argument("name")
@click.option("--reason", default=None)
@click.option("--process-skipped", is_flag=True, help="Restart what was skipped.")
@with_appcontext
def resume_workflow(name, reason, process_skipped):
    """Resume a paused workflow."""
    state = current_compchem.admin_service.resume(
        system_identity,
        name,
        {"reason": reason, "process_skipped": process_skipped},
    )
    click.echo(f"{name}\tresumed\t{len(state['processed'])} skipped runs restarted")
