# SPDX-License-Identifier: MIT
"""invenio-previewer plugins for the results runs write.

``structure`` shows XYZ, extended XYZ and CIF files in 3D (3Dmol.js),
``summary`` shows a run's summary JSON as a card. Both are registered under
the ``invenio_previewer.previewers`` entry point and put first in
``PREVIEWER_PREFERENCE`` by :mod:`.views`, which also serves previews of a
record's media files (where the results are), which RDM itself never
previews.
"""
