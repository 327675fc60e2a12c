# SPDX-License-Identifier: MIT
"""Flask extension: wires configuration, engine, services and resources."""

from werkzeug.utils import cached_property

from . import config
from .resources import (
    AdminResource,
    AdminResourceConfig,
    ProposalsResource,
    ProposalsResourceConfig,
    RunCallbacksResource,
    RunCallbacksResourceConfig,
    RunEventsResource,
    RunEventsResourceConfig,
    RunsResource,
    RunsResourceConfig,
    WorkflowsResource,
    WorkflowsResourceConfig,
)
from .services import (
    AdminService,
    AdminServiceConfig,
    AutomaticRunsService,
    AutomaticRunsServiceConfig,
    ProposalsService,
    ProposalsServiceConfig,
    RunCallbackService,
    RunCallbackServiceConfig,
    RunEventsService,
    RunEventsServiceConfig,
    RunsService,
    RunsServiceConfig,
    WorkflowsService,
    WorkflowsServiceConfig,
)
from .workflows import load_workflows


class InvenioCompchemProcessor:
    """invenio-compchem-processor extension."""

    def __init__(self, app=None):
        """Extension initialization."""
        if app:
            self.init_app(app)

    def init_app(self, app):
        """Flask application initialization."""
        self.app = app
        self.init_config(app)
        self.workflows = load_workflows(app.config)
        self.init_services(app)
        self.init_resources(app)
        app.extensions["invenio-compchem-processor"] = self

    def init_config(self, app):
        """Copy the module's defaults into the application's configuration."""
        for key in dir(config):
            if key.startswith("COMPCHEM_PROCESSOR_"):
                app.config.setdefault(key, getattr(config, key))

    def init_services(self, app):
        """Initialize services."""
        self.runs_service = RunsService(RunsServiceConfig.build(app))
        self.automatic_runs_service = AutomaticRunsService(
            AutomaticRunsServiceConfig.build(app)
        )
        self.workflows_service = WorkflowsService(WorkflowsServiceConfig.build(app))
        self.callback_service = RunCallbackService(RunCallbackServiceConfig.build(app))
        self.admin_service = AdminService(AdminServiceConfig.build(app))
        self.events_service = RunEventsService(RunEventsServiceConfig.build(app))
        self.proposals_service = ProposalsService(ProposalsServiceConfig.build(app))

    def init_resources(self, app):
        """Initialize REST resources."""
        self.runs_resource = RunsResource(
            RunsResourceConfig.build(app), self.runs_service
        )
        self.workflows_resource = WorkflowsResource(
            WorkflowsResourceConfig.build(app), self.workflows_service
        )
        self.callback_resource = RunCallbacksResource(
            RunCallbacksResourceConfig.build(app), self.callback_service
        )
        self.admin_resource = AdminResource(
            AdminResourceConfig.build(app), self.admin_service
        )
        self.events_resource = RunEventsResource(
            RunEventsResourceConfig.build(app), self.events_service
        )
        self.proposals_resource = ProposalsResource(
            ProposalsResourceConfig.build(app), self.proposals_service
        )

    @cached_property
    def engine(self):
        """The engine that executes runs, built on first use."""
        name = self.app.config["COMPCHEM_PROCESSOR_ENGINE"]
        if name == "argo":
            from .engines.argo import ArgoEngine

            return ArgoEngine.from_config(self.app.config)
        from .engines.local import LocalEngine

        return LocalEngine.from_config(self.app.config)
