# SPDX-License-Identifier: MIT
"""``invenio compchem`` commands."""

import click
from flask import current_app
from flask.cli import with_appcontext

from .engines.argo import templates as argo
from .proxies import current_compchem


@click.group()
def compchem():
    """Computational chemistry processing."""


@compchem.group()
def workflows():
    """Workflow definitions."""


@workflows.command("list")
@with_appcontext
def list_workflows():
    """Show the configured workflows."""
    for workflow in current_compchem.workflows.values():
        match = ", ".join(workflow.extensions + workflow.names + workflow.mimetypes)
        mode = "auto" if workflow.auto else "manual"
        click.echo(f"{workflow.name}\t{mode}\t{match}\t{workflow.title}")


@compchem.group()
def templates():
    """The shipped Argo WorkflowTemplates."""


def _argo_engine():
    if current_app.config["COMPCHEM_PROCESSOR_ENGINE"] != "argo":
        raise click.ClickException(
            "COMPCHEM_PROCESSOR_ENGINE is not 'argo': there are no templates to manage."
        )
    return current_compchem.engine


@templates.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
def export_templates(directory):
    """Write the templates' manifests to DIRECTORY."""
    for path in argo.export(directory):
        click.echo(path)


@templates.command("push")
@click.option("--replace", is_flag=True, help="Update templates that differ.")
@with_appcontext
def push_templates(replace):
    """Create the shipped templates in the cluster through the Argo API."""
    for name, outcome in argo.push(_argo_engine(), replace=replace):
        click.echo(f"{name}\t{outcome}")


@templates.command("check")
@with_appcontext
def check_templates():
    """Fail when a template that a configured workflow needs is missing."""
    missing = argo.check(_argo_engine(), current_compchem.workflows.values())
    for name in missing:
        click.echo(f"missing\t{name}")
    if missing:
        raise SystemExit(1)


def _add_admin_commands():
    """``runs`` and ``workflows pause|resume``: see ``administration/commands.py``."""
    from .administration import commands

    compchem.add_command(commands.runs)
    workflows.add_command(commands.pause_workflow)
    workflows.add_command(commands.resume_workflow)


_add_admin_commands()


@compchem.group()
def events():
    """Live run events."""


@events.command("watch")
@with_appcontext
def watch_events():
    """Follow the engine's run changes and publish them as events (run one per site)."""
    from .proxies import current_compchem
    from .services.events.watcher import follow_engine

    click.echo("Watching the engine's runs; Ctrl-C stops.")
    try:
        follow_engine(current_compchem.engine)
    except KeyboardInterrupt:
        click.echo("Stopped.")


@compchem.group()
def campaigns():
    """Reprocessing campaigns: see the administration guide."""


def _campaign_call(method, *args):
    import marshmallow as ma
    from invenio_access.permissions import system_identity

    from .services.errors import CompchemError

    try:
        return getattr(current_compchem.admin_service, method)(system_identity, *args)
    except ma.ValidationError as error:
        raise click.ClickException(str(error.messages))
    except CompchemError as error:
        raise click.ClickException(str(getattr(error, "description", error)))


def _echo_files(files):
    for f in files:
        what = "needs a new version" if f["proposed"] else "reprocess"
        run = f.get("submitted") or f["run"]
        version = f["processor_version"] or "-"
        click.echo(f"{f['record_id']}\t{f['file_key']}\t{version}\t{what}\t{run}")


def _echo_campaign(state, files=False):
    flags = [k for k in ("paused", "stopped", "finished") if state[k]]
    counts = state["counts"]
    click.echo(
        f"{state['id']}\t{state['selection']}\t{state['submitted']}/{state['total']}"
        f" runs submitted, {state['in_flight']} in flight, {state['queued']} queued,"
        f" {state['failed']} failed, {counts['proposed']} need a new version"
        f"\t{' '.join(flags) or 'running'}"
    )
    if files:
        _echo_files(state["files"] + state["needs_new_version"])


@campaigns.command("start")
@click.option("--processor", help="Results made by this processor ...")
@click.option("--older-than", help="... at a version older than this one.")
@click.option("--workflow", help="Or: the failed runs of this workflow.")
@click.option("--concurrency", default=2, show_default=True)
@click.option("--dry-run", is_flag=True, help="List the files, start nothing.")
@with_appcontext
def start_campaign(processor, older_than, workflow, concurrency, dry_run):
    """Reprocess the files the selection finds, CONCURRENCY runs at a time."""
    given = {"processor": processor, "older_than": older_than, "workflow": workflow}
    data = {k: v for k, v in given.items() if v is not None}
    data.update(concurrency=concurrency, dry_run=dry_run)
    answer = _campaign_call("start_campaign", data)
    if dry_run:
        _echo_files(answer["files"])
        total = answer["total"]
        click.echo(
            f"{total['files']} files ({total['runs']} runs) would be reprocessed;"
            f" {total['proposed']} of published records need a new version."
        )
        return
    _echo_campaign(answer)


@campaigns.command("list")
@with_appcontext
def list_campaigns():
    """The newest campaigns and their progress."""
    for state in _campaign_call("list_campaigns")["hits"]["hits"]:
        _echo_campaign(state)


@campaigns.command("show")
@click.argument("campaign_id", type=int)
@with_appcontext
def show_campaign(campaign_id):
    """A campaign's progress and every file it chose or proposes."""
    _echo_campaign(_campaign_call("read_campaign", campaign_id), files=True)


def _switch_command(switch, text):
    @campaigns.command(switch, help=text)
    @click.argument("campaign_id", type=int)
    @with_appcontext
    def command(campaign_id):
        _echo_campaign(_campaign_call(f"{switch}_campaign", campaign_id))

    return command


for _switch, _text in (
    ("pause", "Submit nothing more until resumed."),
    ("resume", "Go on submitting."),
    ("stop", "Submit nothing more, for good."),
):
    _switch_command(_switch, _text)
