# SPDX-License-Identifier: MIT
"""The deployer's workflow definitions, validated when the application starts."""

import posixpath
from dataclasses import dataclass, field

from .naming import validate_workflow_name

ENGINES = ("argo", "local")


class WorkflowConfigError(ValueError):
    """A workflow definition in ``COMPCHEM_PROCESSOR_WORKFLOWS`` is invalid."""


@dataclass(frozen=True)
class WorkflowDefinition:
    """A processing recipe: which files it takes and how each engine runs it."""

    name: str
    title: str
    description: str = ""
    extensions: tuple = ()
    mimetypes: tuple = ()
    auto: bool = False
    engines: dict = field(default_factory=dict)

    def matches(self, file_key, mimetype=None):
        """Whether a file is of a type this workflow processes.

        When both extensions and mimetypes are configured, both must match.
        """
        if self.extensions:
            extension = posixpath.splitext(file_key.lower())[1]
            if extension not in self.extensions:
                return False
        if self.mimetypes and (mimetype or "").lower() not in self.mimetypes:
            return False
        return bool(self.extensions or self.mimetypes)

    def engine_options(self, engine):
        """How ``engine`` runs this workflow."""
        return dict(self.engines.get(engine) or {})


def _fail(name, message):
    raise WorkflowConfigError(f"COMPCHEM_PROCESSOR_WORKFLOWS[{name!r}]: {message}")


def _string_list(name, values, what):
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        _fail(name, f"match.{what} must be a list of strings")
    if not all(isinstance(v, str) and v for v in values):
        _fail(name, f"match.{what} must be a list of non-empty strings")
    return tuple(v.lower() for v in values)


def _definition(name, entry, engine):
    if not isinstance(entry, dict):
        _fail(name, "must be a dict")
    try:
        validate_workflow_name(name)
    except ValueError as error:
        _fail(name, str(error))
    unknown = set(entry) - {"title", "description", "match", "auto", "engines"}
    if unknown:
        _fail(name, f"unknown keys {sorted(unknown)}")
    if not isinstance(entry.get("title"), str) or not entry["title"]:
        _fail(name, "title is required")
    match = entry.get("match") or {}
    if not isinstance(match, dict) or set(match) - {"extensions", "mimetypes"}:
        _fail(name, "match must be a dict with 'extensions' and/or 'mimetypes'")
    extensions = _string_list(name, match.get("extensions", []), "extensions")
    mimetypes = _string_list(name, match.get("mimetypes", []), "mimetypes")
    if not extensions and not mimetypes:
        _fail(name, "match needs at least one extension or mimetype")
    if any(not e.startswith(".") for e in extensions):
        _fail(name, "extensions start with a dot, e.g. '.out'")
    engines = entry.get("engines") or {}
    if not isinstance(engines, dict) or set(engines) - set(ENGINES):
        _fail(name, f"engines must be a dict with keys among {ENGINES}")
    options = engines.get(engine)
    if not isinstance(options, dict):
        _fail(name, f"engines.{engine} is required by COMPCHEM_PROCESSOR_ENGINE")
    if engine == "argo" and not (options.get("template") or options.get("templates")):
        _fail(name, "engines.argo needs a 'template' (or a list of 'templates')")
    if engine == "local" and not options.get("command"):
        _fail(name, "engines.local needs a 'command'")
    return WorkflowDefinition(
        name=name,
        title=entry["title"],
        description=entry.get("description", ""),
        extensions=extensions,
        mimetypes=mimetypes,
        auto=bool(entry.get("auto", False)),
        engines=engines,
    )


def load_workflows(config):
    """Validate ``COMPCHEM_PROCESSOR_WORKFLOWS`` and return definitions by name."""
    workflows = config.get("COMPCHEM_PROCESSOR_WORKFLOWS") or {}
    engine = config.get("COMPCHEM_PROCESSOR_ENGINE")
    if engine not in ENGINES:
        raise WorkflowConfigError(
            f"COMPCHEM_PROCESSOR_ENGINE must be one of {ENGINES}, not {engine!r}"
        )
    if not isinstance(workflows, dict):
        raise WorkflowConfigError("COMPCHEM_PROCESSOR_WORKFLOWS must be a dict")
    return {name: _definition(name, entry, engine) for name, entry in workflows.items()}
