# SPDX-License-Identifier: MIT
"""The package's webpack bundles: the deposit form's panel, the admin pages' parts, the previewers.

Registered by the ``invenio_assets.webpack`` entry point, so RDM's build
(``invenio webpack create/install/build``) includes it. React,
semantic-ui-react, react-overridable, formik, react-redux, axios (through
react-invenio-forms) and i18next come with RDM's bundles; the one npm
package of its own is 3Dmol.js, for the structure previewer.
"""

from invenio_assets.webpack import WebpackThemeBundle

theme = WebpackThemeBundle(
    __name__,
    "assets",
    default="semantic-ui",
    themes={
        "semantic-ui": dict(
            entry={
                "invenio-compchem-processor-panel": (
                    "./js/invenio_compchem_processor/index.js"
                ),
                "invenio-compchem-processor-admin": (
                    "./js/invenio_compchem_processor/administration/index.js"
                ),
                "invenio-compchem-processor-previewer": (
                    "./js/invenio_compchem_processor/previewer/index.js"
                ),
            },
            dependencies={"3dmol": "^2.5.5"},
            aliases={
                "@js/invenio_compchem_processor": "js/invenio_compchem_processor",
                "@translations/invenio_compchem_processor": (
                    "translations/invenio_compchem_processor"
                ),
            },
        ),
    },
)
