# SPDX-License-Identifier: MIT
"""The deployer's workflow definitions, validated when the application starts."""

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import marshmallow as ma

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
    names: tuple = ()
    auto: bool = False
    engines: dict = field(default_factory=dict)
    declared_version: str = ""

    @property
    def version(self):
        """What identifies the processing: the declared ``version``, else a digest.

        The digest covers the engines' options (templates, commands, images,
        parameters), so changing how the workflow runs changes its version; a
        new processor behind the same template needs a new declared version.
        Results of another version are never reused for an unchanged file.
        """
        if self.declared_version:
            return self.declared_version
        options = json.dumps(self.engines, sort_keys=True, default=str)
        return "sha256:" + hashlib.sha256(options.encode()).hexdigest()[:16]

    def matches(self, file_key, mimetype=None):
        """Whether a file is of a type this workflow processes.

        The extension or the name (a pattern of ``names``, e.g. ``*outcar*``
        for VASP's extensionless OUTCAR) must match; when mimetypes are
        configured too, the mimetype must match as well.
        """
        if self.extensions or self.names:
            name = posixpath.basename(file_key.lower())
            by_extension = posixpath.splitext(name)[1] in self.extensions
            if not by_extension and not any(fnmatchcase(name, p) for p in self.names):
                return False
        if self.mimetypes and (mimetype or "").lower() not in self.mimetypes:
            return False
        return bool(self.extensions or self.names or self.mimetypes)

    def dump(self):
        """The definition as served to users."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "auto": self.auto,
            "match": {
                "extensions": list(self.extensions),
                "mimetypes": list(self.mimetypes),
                "names": list(self.names),
            },
        }

    def engine_options(self, engine):
        """How ``engine`` runs this workflow."""
        return dict(self.engines.get(engine) or {})


class _StringList(ma.fields.List):
    """A list of non-empty strings, lower-cased."""

    default_error_messages = {"invalid": "must be a list of strings"}

    def __init__(self, **kwargs):
        """Constructor."""
        super().__init__(
            ma.fields.String(validate=ma.validate.Length(min=1)),
            load_default=list,
            **kwargs,
        )

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            raise self.make_error("invalid")
        values = super()._deserialize(value, attr, data, **kwargs)
        return tuple(v.lower() for v in values)


class MatchSchema(ma.Schema):
    """Which files a workflow takes."""

    class Meta:
        """Unknown keys are refused by ``_not_empty``, with a hint."""

        unknown = ma.EXCLUDE

    extensions = _StringList()
    mimetypes = _StringList()
    names = _StringList()

    @ma.validates("extensions")
    def _dotted(self, value, **kwargs):
        if any(not e.startswith(".") for e in value):
            raise ma.ValidationError("extensions start with a dot, e.g. '.out'")

    @ma.validates_schema(pass_original=True)
    def _not_empty(self, data, original, **kwargs):
        if set(original) - {"extensions", "mimetypes", "names"}:
            raise ma.ValidationError(
                "match must be a dict with 'extensions', 'names' and/or 'mimetypes'"
            )
        if not any(data.get(key) for key in ("extensions", "mimetypes", "names")):
            raise ma.ValidationError("match needs at least one extension or mimetype")


class WorkflowSchema(ma.Schema):
    """One entry of ``COMPCHEM_PROCESSOR_WORKFLOWS``, for the configured engine."""

    class Meta:
        """Unknown keys are mistakes."""

        unknown = ma.RAISE

    title = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, error="title is required"),
        error_messages={"required": "title is required"},
    )
    description = ma.fields.String(load_default="")
    match = ma.fields.Nested(
        MatchSchema,
        required=True,
        error_messages={
            "required": "match needs at least one extension or mimetype",
            "type": "match must be a dict with 'extensions' and/or 'mimetypes'",
        },
    )
    auto = ma.fields.Boolean(load_default=False)
    version = ma.fields.String(
        load_default="", validate=ma.validate.Length(max=40)
    )
    engines = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.OneOf(ENGINES)),
        values=ma.fields.Dict(),
        required=True,
    )

    @ma.validates_schema
    def _engine_options(self, data, **kwargs):
        engine = self.context["engine"]
        options = (data.get("engines") or {}).get(engine)
        if options is None:
            raise ma.ValidationError(
                f"engines.{engine} is required by COMPCHEM_PROCESSOR_ENGINE"
            )
        if engine == "argo" and not (options.get("template") or options.get("templates")):
            raise ma.ValidationError(
                "engines.argo needs a 'template' (or a list of 'templates')"
            )
        if engine == "local" and not options.get("command"):
            raise ma.ValidationError("engines.local needs a 'command'")


def _first_error(messages, path=()):
    """The first message of marshmallow's nested error dict, with its path."""
    if isinstance(messages, dict):
        key, value = next(iter(messages.items()))
        if key == "_schema":
            return _first_error(value, path)
        if value == ["Unknown field."]:
            return f"unknown keys {sorted(k for k, v in messages.items() if v == value)}"
        return _first_error(value, path + (str(key),))
    message = messages[0] if isinstance(messages, list) else str(messages)
    if isinstance(message, (dict, list)):
        return _first_error(message, path)
    return f"{'.'.join(path)}: {message}" if path else message


def _definition(name, entry, engine):
    prefix = f"COMPCHEM_PROCESSOR_WORKFLOWS[{name!r}]"
    try:
        validate_workflow_name(name)
    except ValueError as error:
        raise WorkflowConfigError(f"{prefix}: {error}")
    if not isinstance(entry, dict):
        raise WorkflowConfigError(f"{prefix}: must be a dict")
    schema = WorkflowSchema()
    schema.context = {"engine": engine}
    try:
        data = schema.load(entry)
    except ma.ValidationError as error:
        raise WorkflowConfigError(f"{prefix}: {_first_error(error.messages)}")
    return WorkflowDefinition(
        name=name,
        title=data["title"],
        description=data["description"],
        extensions=tuple(data["match"]["extensions"]),
        mimetypes=tuple(data["match"]["mimetypes"]),
        names=tuple(data["match"]["names"]),
        auto=data["auto"],
        engines=data["engines"],
        declared_version=data["version"],
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
