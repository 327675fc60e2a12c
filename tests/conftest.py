# SPDX-License-Identifier: MIT
"""Test harness on real parts.

PostgreSQL (``SQLALCHEMY_DATABASE_URI``, SQLite only as a fallback that says
so), osmem-server as the search cluster, RDM's own services for drafts and
files, Celery in eager mode, and the fake Argo server over loopback.
"""

import os

import pytest
from flask_principal import AnonymousIdentity
from invenio_access.models import ActionUsers
from invenio_access.permissions import any_user, system_identity
from invenio_administration.permissions import administration_access_action
from invenio_app.factory import create_api
from invenio_rdm_records.proxies import current_rdm_records_service
from invenio_vocabularies.proxies import current_service as vocabulary_service
from invenio_vocabularies.records.api import Vocabulary
from osmem_server import OsmemServer

from tests.support.celery_state import point_celery_at
from tests.support.drafts import SAMPLES, minimal_draft, upload
import tests.support.write_once  # noqa: F401 (registers the guard on every engine)

from invenio_compchem_processor.engines.argo import templates as argo_templates


#
# Services
#
@pytest.fixture(scope="session")
def osmem():
    """One in-memory search server for the whole session."""
    server = OsmemServer.start(freeze=False, japanese=False)
    yield server
    server.close()


@pytest.fixture(scope="module")
def search_hosts(osmem):
    """A clone of the search cluster per test module."""
    clone = osmem.clone()
    host, port = clone.url.rsplit("//", 1)[1].rsplit(":", 1)
    yield [{"host": host, "port": int(port)}]
    clone.close()


@pytest.fixture(scope="module")
def fake_argo_server():
    """A fake Argo server shared by a test module."""
    from tests.fakes.argo_server import FakeArgoServer

    with FakeArgoServer() as server:
        for manifest in argo_templates.load_templates():
            server.add_template(manifest)
        yield server


@pytest.fixture(autouse=True)
def _engine_heals(request):
    """Faults injected into the fake engine end with the test that injected them."""
    yield
    if "fake_argo_server" in request.fixturenames:
        request.getfixturevalue("fake_argo_server")._faults.clear()


@pytest.fixture(scope="module")
def app_config(app_config, fake_argo_server):
    """Application configuration of the tests."""
    app_config.update(
        {
            "COMPCHEM_PROCESSOR_ENGINE": "argo",
            "COMPCHEM_PROCESSOR_ARGO_URL": fake_argo_server.url,
            "COMPCHEM_PROCESSOR_ARGO_NAMESPACE": "argo",
            "COMPCHEM_PROCESSOR_ARGO_TOKEN": "test-token",
            "COMPCHEM_PROCESSOR_ARGO_CONNECT_TIMEOUT": 1,
            "COMPCHEM_PROCESSOR_ARGO_READ_TIMEOUT": 2,
            "COMPCHEM_PROCESSOR_SUBMIT_BACKOFF": 0,
            "COMPCHEM_PROCESSOR_SUBMIT_MAX_RETRIES": 2,
            "RECORDS_REFRESOLVER_CLS": "invenio_records.resolver.InvenioRefResolver",
            "RECORDS_REFRESOLVER_STORE": (
                "invenio_jsonschemas.proxies.current_refresolver_store"
            ),
            "FILES_REST_STORAGE_CLASS_LIST": {"L": "Local"},
            "FILES_REST_DEFAULT_STORAGE_CLASS": "L",
            "DATACITE_ENABLED": False,
            "RDM_PERSISTENT_IDENTIFIERS": {},
            "RDM_PARENT_PERSISTENT_IDENTIFIERS": {},
            "MAIL_SUPPRESS_SEND": True,
            "THEME_FRONTPAGE": False,
            "SITE_API_URL": "https://127.0.0.1:5000/api",
            "SITE_UI_URL": "https://127.0.0.1:5000",
        }
    )
    return app_config


@pytest.fixture(scope="module")
def base_app(base_app):
    """The module's application, the process's Celery app pointed at it."""
    point_celery_at(base_app)
    return base_app


@pytest.fixture(scope="module")
def create_app(instance_path, entry_points):
    """The REST API application, as a deployment runs it."""
    return create_api


def pytest_report_header(config):
    """Say which database the tests use."""
    uri = os.environ.get("SQLALCHEMY_DATABASE_URI", "")
    if uri.startswith("postgresql"):
        return f"database: PostgreSQL ({uri.rsplit('@', 1)[-1]})"
    return (
        "database: SQLite (PostgreSQL did not answer); the migration, concurrency "
        "and local-engine worker tests are skipped"
    )


#
# RDM fixtures
#
@pytest.fixture(scope="module")
def resource_types(app, location):
    """The resource type vocabulary a publishable draft needs."""
    vocabulary_service.create_type(system_identity, "resourcetypes", "rsrct")
    record = vocabulary_service.create(
        system_identity,
        {
            "id": "dataset",
            "icon": "table",
            "props": {
                "csl": "dataset",
                "datacite_general": "Dataset",
                "datacite_type": "",
                "openaire_resourceType": "21",
                "openaire_type": "dataset",
                "eurepo": "info:eu-repo/semantics/other",
                "schema.org": "https://schema.org/Dataset",
                "subtype": "",
                "type": "dataset",
                "marc21_type": "dataset",
                "marc21_subtype": "",
            },
            "title": {"en": "Dataset"},
            "tags": ["depositable", "linkable"],
            "type": "resourcetypes",
        },
    )
    Vocabulary.index.refresh()
    return record


def _user(UserFixture, app, database, email):
    user = UserFixture(email=email, password="password", active=True, confirmed=True)
    user.create(app, database)
    return user


@pytest.fixture(scope="module")
def users(UserFixture, app, database, resource_types):
    """The owner, users the draft is shared with, a stranger, an admin.

    RDM's share levels: "edit" may edit the draft, "preview" may read it,
    "view" may only read the published record, not the draft.
    """
    people = {
        name: _user(UserFixture, app, database, f"{name}@example.org")
        for name in ("owner", "editor", "previewer", "viewer", "stranger", "admin")
    }
    database.session.add(
        ActionUsers.allow(administration_access_action, user=people["admin"].user)
    )
    database.session.commit()
    return people


@pytest.fixture()
def anonymous_identity():
    """An identity that is not logged in."""
    identity = AnonymousIdentity()
    identity.provides.add(any_user)
    return identity


@pytest.fixture()
def owner_client(client, users):
    """The test client, logged in as the drafts' owner."""
    return users["owner"].login(client)


@pytest.fixture()
def no_phase_cache(app, monkeypatch):
    """Each use asks the engine, so phase changes show at once."""
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_PHASE_CACHE_SECONDS", 0)


@pytest.fixture()
def draft_factory(users):
    """Creates drafts owned by the owner, shared for editing and for viewing."""

    def create(keys=(), share=True):
        owner = users["owner"].identity
        draft = current_rdm_records_service.create(owner, minimal_draft())
        record_id = draft.id
        if share:
            current_rdm_records_service.access.bulk_create_grants(
                system_identity,
                record_id,
                {
                    "grants": [
                        {
                            "subject": {"type": "user", "id": str(users[name].id)},
                            "permission": permission,
                            "notify": False,
                        }
                        for name, permission in (
                            ("editor", "edit"),
                            ("previewer", "preview"),
                            ("viewer", "view"),
                        )
                    ]
                },
            )
        for key in keys:
            upload(owner, record_id, key, (SAMPLES / key).read_bytes())
        return record_id

    return create


@pytest.fixture(scope="session")
def sample_keys():
    """The names of the sample program outputs."""
    return sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".out", ".log"))
