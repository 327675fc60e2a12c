# SPDX-License-Identifier: MIT
"""Checks of HTTP traffic against Argo's own contract files.

``swagger-v3.7.18.json`` (Swagger 2.0, close to JSON Schema draft 4) is the
resolution root of every ``#/definitions/...`` reference; manifests are
checked against ``jsonschema-v3.7.18.json`` (draft 2020-12). Only the
relaxations that tests/data/argo/README.md documents are applied: nullable
date-times, and streams checked line by line as the spec's single object.
The files are loaded once per process.
"""

import base64
import copy
import json
import os
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

SWAGGER_URI = "urn:argo:swagger-v3.7.18"
_CANDIDATE_DIRS = (
    os.environ.get("COMPCHEM_ARGO_CONTRACT_DIR"),
    Path(__file__).resolve().parents[1] / "data" / "argo",
)
_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_DATE_TIME = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", re.IGNORECASE
)


def contract_dir():
    """Where the contract files are: the env var's folder, else tests/data/argo."""
    for candidate in _CANDIDATE_DIRS:
        if candidate and (Path(candidate) / "swagger-v3.7.18.json").exists():
            return Path(candidate)
    raise FileNotFoundError("Argo contract files (swagger-v3.7.18.json) not found")


def _format_checker():
    checker = FormatChecker()

    @checker.checks("date-time")
    def date_time(value):
        if not isinstance(value, str):
            return True
        if not _DATE_TIME.match(value):
            return False
        datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
        return True

    for name, (low, high) in _INT_RANGES.items():

        @checker.checks(name)
        def in_range(value, low=low, high=high):
            if isinstance(value, str):
                return bool(re.fullmatch(r"-?\d+", value)) and low <= int(value) <= high
            if isinstance(value, int) and not isinstance(value, bool):
                return low <= value <= high
            return True

    @checker.checks("byte", raises=ValueError)
    def byte(value):
        if isinstance(value, str):
            base64.b64decode(value, validate=True)
        return True

    return checker


def _errors(validator, instance, limit=5):
    found = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    return [
        f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message[:300]}"
        for e in found[:limit]
    ]


class SpecValidator:
    """The swagger's routes, parameters and schemas, ready to check traffic."""

    def __init__(self, directory):
        """Load and index both contract files."""
        with open(directory / "swagger-v3.7.18.json", encoding="utf-8") as handle:
            swagger = json.load(handle)
        with open(directory / "jsonschema-v3.7.18.json", encoding="utf-8") as handle:
            self.jsonschema = json.load(handle)
        self.swagger = self._relax(swagger)
        self.checker = _format_checker()
        self.registry = Registry().with_resources(
            [
                (SWAGGER_URI, Resource.from_contents(self.swagger, DRAFT4)),
                (
                    self.jsonschema["$id"],
                    Resource.from_contents(self.jsonschema, DRAFT202012),
                ),
            ]
        )
        self.routes = []
        for template, operations in self.swagger["paths"].items():
            pattern = re.sub(r"\\\{[^}]+\\\}", "([^/]+)", re.escape(template))
            names = re.findall(r"\{([^}]+)\}", template)
            for method, operation in operations.items():
                if method == "parameters":
                    continue
                self.routes.append(
                    (
                        method.upper(),
                        re.compile(f"^{pattern}$"),
                        names,
                        template,
                        operation,
                    )
                )
        # Literal segments win over parameters, as in grpc-gateway's router.
        self.routes.sort(key=lambda route: route[3].count("{"))
        self._validators = {}

    @staticmethod
    def _relax(swagger):
        """Nullable date-times, and inline stream schemas moved to definitions."""
        swagger = copy.deepcopy(swagger)
        definitions = swagger["definitions"]
        for name in (
            "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
            "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
        ):
            if name in definitions:
                definitions[name]["type"] = ["string", "null"]
        for operations in swagger["paths"].values():
            for method, operation in operations.items():
                if method == "parameters":
                    continue
                for status, response in operation.get("responses", {}).items():
                    schema = response.get("schema")
                    if schema and "$ref" not in schema:
                        key = f"x-inline.{operation['operationId']}.{status}"
                        definitions[key] = schema
                        response["schema"] = {"$ref": f"#/definitions/{key}"}
                for parameter in operation.get("parameters", []):
                    schema = parameter.get("schema")
                    if schema and "$ref" not in schema:
                        key = f"x-inline.{operation['operationId']}.body"
                        definitions[key] = schema
                        parameter["schema"] = {"$ref": f"#/definitions/{key}"}
        return swagger

    def _validator(self, ref):
        if ref not in self._validators:
            if ref.startswith("jsonschema:"):
                name = ref.split(":", 1)[1]
                schema = {"$ref": f"{self.jsonschema['$id']}#/definitions/{name}"}
                validator = Draft202012Validator(
                    schema, registry=self.registry, format_checker=self.checker
                )
            else:
                schema = {"$ref": SWAGGER_URI + ref}
                validator = Draft4Validator(
                    schema, registry=self.registry, format_checker=self.checker
                )
            self._validators[ref] = validator
        return self._validators[ref]

    def route(self, method, path):
        """``(operation, path parameters)`` of a request, or ``None``."""
        for route_method, pattern, names, _, operation in self.routes:
            if route_method == method:
                match = pattern.match(path)
                if match:
                    return operation, dict(zip(names, match.groups()))
        return None

    def check_query(self, operation, query):
        """Problems with the query string: undeclared, repeated or mistyped."""
        declared = {
            p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"
        }
        problems = []
        for name, values in query.items():
            parameter = declared.get(name)
            if parameter is None:
                problems.append(f"query parameter {name!r} is not declared")
                continue
            if parameter.get("type") != "array" and len(values) > 1:
                problems.append(f"query parameter {name!r} is repeated")
            for value in values:
                problems.extend(self._check_scalar(name, parameter, value))
        return problems

    def _check_scalar(self, name, parameter, value):
        kind, fmt = parameter.get("type"), parameter.get("format")
        if kind == "boolean" and value not in ("true", "false"):
            return [f"query parameter {name!r}={value!r} is not a boolean"]
        if kind == "integer" or fmt in _INT_RANGES:
            if not re.fullmatch(r"-?\d+", value):
                return [f"query parameter {name!r}={value!r} is not an {fmt or kind}"]
            low, high = _INT_RANGES.get(fmt, _INT_RANGES["int64"])
            if not low <= int(value) <= high:
                return [f"query parameter {name!r}={value!r} is out of range"]
        return []

    def body_ref(self, operation):
        """The ``$ref`` of an operation's body schema, ``None`` if it takes none."""
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "body":
                return parameter["schema"]["$ref"]
        return None

    def check_body(self, operation, body):
        """Problems of a request body against the operation's body schema."""
        ref = self.body_ref(operation)
        if ref is None:
            return [] if body is None else ["the operation takes no request body"]
        if body is None:
            return ["the request body is required"]
        return _errors(self._validator(ref), body)

    def response_ref(self, operation, status):
        """The response schema for a status: 200's, or the declared default."""
        responses = operation["responses"]
        response = responses.get(str(status)) or responses.get("default")
        return response["schema"]["$ref"]

    def check_response(self, operation, status, body):
        """Problems of a response body (or of one stream line)."""
        return _errors(self._validator(self.response_ref(operation, status)), body)

    def check_manifest(self, kind, manifest):
        """Problems of a Workflow/WorkflowTemplate against the JSON schema."""
        name = f"io.argoproj.workflow.v1alpha1.{kind}"
        return _errors(self._validator(f"jsonschema:{name}"), manifest)

    def check_definition(self, name, instance):
        """Problems of an object against a swagger definition."""
        return _errors(self._validator(f"#/definitions/{name}"), instance)


@lru_cache(maxsize=None)
def spec_validator():
    """The validator of the contract files, built once per process."""
    return SpecValidator(contract_dir())
