"""A myst-nb render plugin: in the PDF (LaTeX) build, draw each chart as a static PNG.

Notebooks store every chart as its Vega-Lite spec (``application/vnd.vegalite.v6+json``, see
:mod:`antbook.charts`). The HTML build ignores that output and uses the chart's ``text/html``; the
LaTeX build prefers the spec and this plugin turns it into an image with vl-convert at build time.
Rendering at build time keeps PNGs out of the notebooks (a stored PNG makes a notebook several
times larger) at the cost of about half a second a chart in the PDF build only.
"""

from __future__ import annotations

import base64

from myst_nb.core.render import MimeData

from ..charts import VEGALITE_MIMETYPE

# vl-convert draws at 72 dpi; twice that is sharp in print without bloating the PDF.
PNG_SCALE = 2.0


def spec_to_png(spec: dict) -> bytes:
    """Render a Vega-Lite spec to PNG bytes (deterministic for a given spec)."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(spec, scale=PNG_SCALE)


class VegaLiteStaticImage:
    """Render ``application/vnd.vegalite.v6+json`` outputs as PNG images for LaTeX."""

    mime_priority_overrides = [("latex", VEGALITE_MIMETYPE, 5)]

    @staticmethod
    def handle_mime(renderer, data: MimeData, inline: bool):
        if data.mime_type != VEGALITE_MIMETYPE:
            return None
        png = base64.b64encode(spec_to_png(data.content)).decode("ascii")
        image = MimeData("image/png", png, cell_metadata=data.cell_metadata,
                         output_metadata={}, cell_index=data.cell_index,
                         output_index=data.output_index, line=data.line)
        return renderer.render_image(image)
