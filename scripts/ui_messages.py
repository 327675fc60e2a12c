# SPDX-License-Identifier: MIT
"""Extract the panel's translatable strings into its message catalogs.

Every ``i18next.t("...")`` string of the panel's JavaScript goes into
``translations.pot`` (the template translators start from, as in every
invenio-i18n package) and into the English catalog, whose messages are their
own keys. Run it after changing a string; ``tests/test_ui_messages.py`` fails
while the catalogs and the sources differ.

Usage: python scripts/ui_messages.py [--check]
"""

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "invenio_compchem_processor" / "assets" / "semantic-ui"
SOURCES = ASSETS / "js" / "invenio_compchem_processor"
CATALOGS = ASSETS / "translations" / "invenio_compchem_processor"

CALL = re.compile(r'i18next\.t\(\s*"((?:[^"\\]|\\.)*)"', re.S)


def extract():
    """Strings and the files using them: ``{message: ["runs/phases.js", ...]}``."""
    messages = {}
    for path in sorted(SOURCES.rglob("*.js")):
        text = path.read_text()
        for match in CALL.finditer(text):
            message = json.loads(f'"{match.group(1)}"')
            places = messages.setdefault(message, [])
            where = str(path.relative_to(SOURCES))
            if where not in places:
                places.append(where)
    return dict(sorted(messages.items()))


def _po_string(text):
    return json.dumps(text, ensure_ascii=False)


def pot(messages):
    """The gettext template of ``messages``."""
    lines = [
        "# Translations template of the invenio-compchem-processor panel.",
        "# SPDX-License-Identifier: MIT",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for message, places in messages.items():
        lines += [f"#: {' '.join(places)}", f"msgid {_po_string(message)}", 'msgstr ""', ""]
    return "\n".join(lines)


def english(messages):
    """The English catalog: every message is its own translation."""
    return json.dumps({m: m for m in messages}, indent=2, ensure_ascii=False) + "\n"


def outputs():
    """``{path: content}`` of every catalog file."""
    messages = extract()
    return {
        CATALOGS / "translations.pot": pot(messages),
        CATALOGS / "messages" / "en" / "translations.json": english(messages),
    }


def main(argv=None):
    """Write the catalogs, or with ``--check`` say whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = [p for p, text in outputs().items() if not p.exists() or p.read_text() != text]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path, text in outputs().items():
        path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
