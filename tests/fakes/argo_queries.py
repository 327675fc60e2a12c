# SPDX-License-Identifier: MIT
"""How the fake Argo server selects and trims what it answers.

Kubernetes label selectors (``k=v``, ``k!=v``, ``k in (a,b)``, ``k notin
(a,b)``, ``k``, ``!k``) and Argo's ``fields`` parameter (keep the listed dotted
paths, or drop them when the list starts with ``-``).
"""

import copy
import re

_REQUIREMENT = re.compile(
    r"^\s*(!)?\s*([A-Za-z0-9./_-]+)\s*(?:(==|=|!=)\s*([A-Za-z0-9._-]*)"
    r"|\s+(in|notin)\s*\(([^)]*)\))?\s*$"
)


class ArgoFailure(Exception):
    """An error answer: HTTP status, gRPC code and Argo's message."""

    def __init__(self, status, code, message):
        """Keep what the error body needs."""
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def parse_selector(selector):
    """A label selector as a list of ``(negated, key, operator, values)``."""
    requirements = []
    for part in re.split(r",(?![^(]*\))", selector or ""):
        if not part.strip():
            continue
        match = _REQUIREMENT.match(part)
        if not match:
            raise ArgoFailure(400, 3, f"unable to parse requirement: {part!r}")
        negated, key, op, value, set_op, values = match.groups()
        if op:
            requirements.append((False, key, op, [value]))
        elif set_op:
            requirements.append(
                (False, key, set_op, [v.strip() for v in values.split(",")])
            )
        else:
            requirements.append((bool(negated), key, "exists", []))
    return requirements


def selects(requirements, labels):
    """Whether labels satisfy every requirement."""
    for negated, key, op, values in requirements:
        present, value = key in labels, labels.get(key)
        if op == "exists":
            ok = present
        elif op in ("=", "=="):
            ok = present and value == values[0]
        elif op == "!=":
            ok = value != values[0]
        elif op == "in":
            ok = present and value in values
        else:
            ok = value not in values
        if ok == negated:
            return False
    return True


def _pick(value, path):
    """The parts of ``value`` on a dotted path (lists are walked through)."""
    if isinstance(value, list):
        return [_pick(item, path) for item in value]
    if not isinstance(value, dict) or not path:
        return value
    head, rest = path[0], path[1:]
    return {head: _pick(value[head], rest)} if head in value else {}


def _merge(into, part):
    for key, value in part.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        elif isinstance(value, list) and isinstance(into.get(key), list):
            for target, item in zip(into[key], value):
                if isinstance(item, dict):
                    _merge(target, item)
        else:
            into[key] = copy.deepcopy(value)


def _drop(value, path):
    if isinstance(value, list):
        for item in value:
            _drop(item, path)
    elif isinstance(value, dict) and path and path[0] in value:
        if len(path) == 1:
            del value[path[0]]
        else:
            _drop(value[path[0]], path[1:])


def project(document, fields):
    """Argo's ``fields``: keep the listed paths, or drop them after a ``-``."""
    if not fields:
        return document
    if fields.startswith("-"):
        result = copy.deepcopy(document)
        for path in fields[1:].split(","):
            _drop(result, path.strip().lstrip("-").split("."))
        return result
    result = {}
    for path in fields.split(","):
        _merge(result, _pick(document, path.strip().split(".")))
    return result
