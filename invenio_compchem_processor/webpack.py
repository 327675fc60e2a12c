# SPDX-License-Identifier: MIT
"""The package's webpack bundles: the deposit form's panel, the admin pages' parts.

Registered by the ``invenio_assets.webpack`` entry point, so RDM's build
(``invenio webpack create/install/build``) includes it. It needs no npm
package of its own: React, semantic-ui-react, react-overridable, formik,
react-redux, axios (through react-invenio-forms) and i18next come with RDM's
bundles.
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
            },
            dependencies={},
            aliases={
                "@js/invenio_compchem_processor": "js/invenio_compchem_processor",
                "@translations/invenio_compchem_processor": (
                    "translations/invenio_compchem_processor"
                ),
            },
        ),
    },
)
