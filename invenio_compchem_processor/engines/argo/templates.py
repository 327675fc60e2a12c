# SPDX-License-Identifier: MIT
"""WorkflowTemplates: the Argo Server's API for them, and the shipped ones.

The shipped templates are plain YAML files in :data:`TEMPLATE_DIR`, so
deployers can read, copy or ``kubectl apply`` them without Python; the
functions here give the ``invenio compchem templates export|push|check``
commands something to call. They talk to Argo through the engine
(``list_templates``, ``get_template``, ``create_template``,
``update_template``), which :class:`ArgoTemplates` gives it.
"""

import shutil
from pathlib import Path

import yaml

from ... import argo as shipped
from ..errors import EngineError

TEMPLATE_DIR = Path(shipped.__file__).parent / "templates"
"""Directory of the shipped WorkflowTemplate manifests (one per file)."""

__all__ = (
    "ArgoTemplates",
    "TEMPLATE_DIR",
    "check",
    "export",
    "load_templates",
    "push",
    "referenced_templates",
    "template_paths",
)


class ArgoTemplates:
    """The WorkflowTemplate calls of the Argo engine; ``self.client`` is its client."""

    def list_templates(self):
        """The WorkflowTemplates of the namespace."""
        path = self.client.path("workflow-templates")
        return self.client.json("GET", path).get("items") or []

    def get_template(self, name):
        """One WorkflowTemplate; ``EngineRunNotFoundError`` if there is none."""
        return self.client.json("GET", self.client.path("workflow-templates", name))

    def create_template(self, manifest):
        """Create a WorkflowTemplate; ``RunAlreadyExistsError`` if it exists."""
        body = {"namespace": self.client.namespace, "template": manifest}
        path = self.client.path("workflow-templates")
        return self.client.json("POST", path, body=body)

    def update_template(self, manifest):
        """Replace a WorkflowTemplate, on top of its current resource version."""
        name = manifest["metadata"]["name"]
        metadata = dict(manifest["metadata"])
        if not metadata.get("resourceVersion"):
            current = self.get_template(name)
            metadata["resourceVersion"] = current["metadata"]["resourceVersion"]
        body = {
            "namespace": self.client.namespace,
            "template": {**manifest, "metadata": metadata},
        }
        path = self.client.path("workflow-templates", name)
        return self.client.json("PUT", path, body=body)


def template_paths():
    """Paths of the shipped manifests, sorted so output is stable."""
    return sorted(TEMPLATE_DIR.glob("*.yaml"))


def load_templates():
    """The shipped WorkflowTemplates as parsed manifests (YAML anchors resolved)."""
    return [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in template_paths()
    ]


def export(directory):
    """Copy the manifests into ``directory`` (created if needed); return the paths.

    Files are copied byte for byte, so comments survive for the deployer who
    adapts them (resources, image, deadlines) before applying.
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in template_paths():
        destination = target / path.name
        shutil.copyfile(path, destination)
        written.append(destination)
    return written


def _name(item):
    """A template name from ``list_templates()``, which may give names or manifests."""
    if isinstance(item, str):
        return item
    return ((item or {}).get("metadata") or {}).get("name")


def _existing(engine):
    return {name for name in map(_name, engine.list_templates()) if name}


def push(engine, replace=False):
    """Create the shipped templates missing in the cluster.

    Returns ``[(name, "created" | "exists" | "updated")]``. An existing template
    is left alone unless ``replace`` is true, because a deployer may have
    adapted it in place; replacing needs the engine's ``update_template``
    (Argo answers 409 to a create of an existing name).
    """
    existing = _existing(engine)
    outcome = []
    for manifest in load_templates():
        name = manifest["metadata"]["name"]
        if name not in existing:
            try:
                engine.create_template(manifest)
            except EngineError as exc:
                if exc.status != 409:  # created meanwhile by someone else: fine
                    raise
                outcome.append((name, "exists"))
                continue
            outcome.append((name, "created"))
        elif not replace:
            outcome.append((name, "exists"))
        else:
            outcome.append((name, _replace(engine, name, manifest)))
    return outcome


def _replace(engine, name, manifest):
    current = engine.get_template(name) or {}
    if current.get("spec") == manifest.get("spec"):
        return "exists"
    update = getattr(engine, "update_template", None)
    if update is None:
        raise NotImplementedError(
            f"{type(engine).__name__} cannot update templates; delete {name!r} "
            "in Argo and push again"
        )
    manifest = {**manifest, "metadata": dict(manifest["metadata"])}
    version = (current.get("metadata") or {}).get("resourceVersion")
    if version:  # Kubernetes refuses an update that does not name the version
        manifest["metadata"]["resourceVersion"] = version
    update(manifest)
    return "updated"


def _definitions(workflows):
    if hasattr(workflows, "values"):
        return list(workflows.values())
    return list(workflows)


def _argo_options(workflow):
    if hasattr(workflow, "engine_options"):
        return workflow.engine_options("argo")
    return dict(((workflow or {}).get("engines") or {}).get("argo") or {})


def referenced_templates(workflows):
    """Names of the namespaced WorkflowTemplates the workflows' Argo options use.

    ``templates`` entries may be ``name/template``; only the name matters.
    ClusterWorkflowTemplates (``cluster_scope``) live elsewhere and are skipped.
    """
    names = set()
    for workflow in _definitions(workflows):
        options = _argo_options(workflow)
        if options.get("cluster_scope"):
            continue
        entries = list(options.get("templates") or [])
        if options.get("template"):
            entries.append(options["template"])
        names.update(entry.partition("/")[0] for entry in entries if entry)
    return names


def check(engine, workflows):
    """Templates referenced by ``workflows`` but missing in the cluster, sorted.

    ``workflows`` is a mapping or iterable of workflow definitions (objects
    with ``engine_options`` or raw config dicts). Empty means all exist.
    """
    wanted = referenced_templates(workflows)
    if not wanted:
        return []
    return sorted(wanted - _existing(engine))
