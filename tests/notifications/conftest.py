# SPDX-License-Identifier: MIT
"""The REST API application that also renders the package's email templates.

Deployments send notifications from Celery workers, which run the UI
application (where the package's template blueprint is registered); the
tests' API application gets the same blueprint.
"""

import pytest
from invenio_app.factory import create_api

from invenio_compchem_processor.views_ui import create_ui_blueprint


@pytest.fixture(scope="module")
def create_app(instance_path, entry_points):
    """The REST API application with the package's templates."""

    def factory(**config):
        app = create_api(**config)
        app.register_blueprint(create_ui_blueprint(app))
        return app

    return factory


@pytest.fixture()
def run_client(app):
    """A client without cookies, as a run's is."""
    return app.test_client()


@pytest.fixture()
def outbox(app):
    """Every email invenio-mail sends meanwhile (sending itself is suppressed)."""
    with app.extensions["mail"].record_messages() as messages:
        yield messages
