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
