# SPDX-License-Identifier: MIT
"""Build the InvenioRDM web UI with the processing panel, once per set of inputs.

The webpack build of RDM takes minutes, so its result is kept in a cache folder
outside the clone, ``~/.cache/invenio-compchem-processor/ui-<hash>``, where the
hash covers everything the build reads: the installed distributions and their
versions, the package's assets and ``webpack.py``, the instance files of
``examples/ui/assets`` and this script. An unchanged rerun (or a fresh clone on
the same machine) finds the folder and skips the build; a changed input builds
a new folder, reusing the ``node_modules`` of an earlier build whose
``package.json`` is the same, so that only ``webpack build`` runs again.

The folder is an instance path after ``invenio collect`` and ``invenio webpack
create/install/build``; sites serve its ``static/`` (``INVENIO_STATIC_FOLDER``).

Usage: python scripts/ui_build.py [--quiet]   (prints the folder)
"""

import argparse
import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "invenio_compchem_processor"
INSTANCE_FILES = ROOT / "examples" / "ui" / "assets"
CACHE = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "invenio-compchem-processor"
)
KEEP = 2
"""Builds kept in the cache; older ones are removed."""

NPM_OVERRIDES = {"warcio": "2.4.11"}
"""Pinned transitive npm packages: the registry here lacks warcio 2.4.12."""


def _files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def ui_distributions():
    """Installed distributions that can change the UI: Invenio's and Flask's.

    Those with ``invenio_*`` entry points (webpack bundles, blueprints, static
    files) or a ``flask`` name; installing a test tool does not rebuild.
    """
    names = set()
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower()
        groups = {ep.group for ep in dist.entry_points}
        if name.startswith("flask") or any(g.startswith("invenio") for g in groups):
            names.add(f"{name}=={dist.version}")
    return sorted(names)


def inputs_digest():
    """A hash of everything the build reads."""
    digest = hashlib.sha256()
    digest.update("\n".join(ui_distributions()).encode())
    sources = [PACKAGE / "webpack.py", Path(__file__).resolve()]
    sources += _files(PACKAGE / "assets") + _files(INSTANCE_FILES)
    for path in sources:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class Builder:
    """Runs the ``invenio`` commands of a build in one instance folder."""

    def __init__(self, folder, quiet=False):
        """``folder`` becomes the instance path of the build."""
        self.folder = folder
        self.quiet = quiet
        self.env = dict(os.environ, INVENIO_INSTANCE_PATH=str(folder))
        self.env["PATH"] = os.pathsep.join(
            [str(Path(sys.executable).parent), self.env.get("PATH", "")]
        )
        self.log = folder / "build.log"

    def say(self, text):
        """Progress on stderr (stdout carries the folder)."""
        if not self.quiet:
            print(f"== ui build: {text}", file=sys.stderr, flush=True)

    def run(self, *args):
        """One ``invenio`` command, timed; its output goes to ``build.log``."""
        start = time.monotonic()
        with open(self.log, "a") as log:
            log.write(f"\n$ invenio {' '.join(args)}\n")
            log.flush()
            done = subprocess.run(
                ["invenio", *args], env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        if done.returncode:
            tail = self.log.read_text(errors="replace")[-4000:]
            raise RuntimeError(f"invenio {' '.join(args)} failed:\n{tail}")
        self.say(f"invenio {' '.join(args)}: {time.monotonic() - start:.0f} s")

    @property
    def package_json(self):
        """The webpack project's ``package.json``."""
        return self.folder / "assets" / "package.json"

    def create(self):
        """Write the webpack project, then the instance's files and npm pins over it."""
        self.run("webpack", "create")
        shutil.copytree(INSTANCE_FILES, self.folder / "assets", dirs_exist_ok=True)
        package = json.loads(self.package_json.read_text())
        package.setdefault("overrides", {}).update(NPM_OVERRIDES)
        self.package_json.write_text(json.dumps(package, indent=2, sort_keys=True))

    def adopt_node_modules(self):
        """Move ``node_modules`` from an earlier build with the same dependencies."""
        wanted = self.package_json.read_text()
        for other in sorted(CACHE.glob("ui-*"), key=os.path.getmtime, reverse=True):
            modules = other / "assets" / "node_modules"
            manifest = other / "assets" / "package.json"
            if other == self.folder or not modules.is_dir() or not manifest.exists():
                continue
            if manifest.read_text() == wanted:
                modules.rename(self.folder / "assets" / "node_modules")
                self.say(f"reusing node_modules of {other.name}")
                return True
        return False

    def lint(self):
        """ESLint on the package's sources first: RDM's build fails on its errors,
        but only after minutes; this says so in seconds."""
        assets = self.folder / "assets"
        sources = [
            str(p.relative_to(assets))
            for p in (assets / "js" / PACKAGE.name, assets / "translations" / PACKAGE.name)
        ]
        eslint = assets / "node_modules" / "eslint" / "bin" / "eslint.js"
        done = subprocess.run(
            ["node", str(eslint), "--quiet", *sources],
            cwd=assets,
            env=dict(self.env, NODE_ENV="production"),
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"ESLint refuses the panel's sources:\n{done.stdout}")
        self.say("eslint: the panel's sources pass")

    def build(self):
        """collect, create, install (unless adopted), lint, build."""
        self.folder.mkdir(parents=True)
        self.run("collect", "-v")
        self.create()
        if not self.adopt_node_modules():
            self.run("webpack", "install")
        self.lint()
        self.run("webpack", "build")


def prune(keep):
    """Remove all but the ``keep`` newest builds."""
    builds = sorted(
        (p for p in CACHE.glob("ui-*") if p.is_dir() and "." not in p.name),
        key=os.path.getmtime,
        reverse=True,
    )
    for old in builds[keep:]:
        shutil.rmtree(old, ignore_errors=True)
    for partial in CACHE.glob("ui-*.partial-*"):
        shutil.rmtree(partial, ignore_errors=True)


def ensure_build(quiet=False):
    """The folder of a finished build for the current inputs; builds it if missing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    final = CACHE / f"ui-{inputs_digest()}"
    with open(CACHE / "ui.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time; others wait and reuse it
        if (final / "static" / "dist" / "manifest.json").exists():
            os.utime(final)
            return final
        partial = CACHE / f"{final.name}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        builder = Builder(partial, quiet=quiet)
        start = time.monotonic()
        builder.say(f"building {final.name} (log: {builder.log})")
        builder.build()
        partial.rename(final)
        builder.say(f"done in {time.monotonic() - start:.0f} s: {final}")
        prune(KEEP)
        return final


def main(argv=None):
    """Build if needed and print the folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--digest", action="store_true", help="print the inputs' hash and exit"
    )
    args = parser.parse_args(argv)
    if args.digest:
        print(inputs_digest())
        return 0
    print(ensure_build(quiet=args.quiet))
    return 0


if __name__ == "__main__":
    sys.exit(main())
