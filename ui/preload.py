"""The charts' code fetched ahead of the first chart.

Streamlit loads plotly (its PlotlyChart chunk, about 4.7 MB) only when the first chart arrives,
so in a new browser the dashboard's first drawing waited for it to be downloaded, compiled and
run. The login and start pages, which a manager sees before the dashboard, import it once the
browser is idle (after the page is drawn); the chart's own import then finds it ready in the
page's module map. A modulepreload link alone (fetched and parsed, not run) measured no faster:
running plotly's module is the larger part. A hint only: when the file is not found, or the
import fails, nothing else happens.
"""

import json
from functools import cache
from pathlib import Path

import streamlit as st

# The installed Streamlit's built scripts; the chunk's name carries a content hash.
STATIC_JS = Path(st.__file__).resolve().parent / "static" / "static" / "js"
PLOTLY_CHUNK = "PlotlyChart.*.js"

# The chunk's address is taken relative to the page's own main script (index.<hash>.js), so a
# deployment under a path prefix fetches it from where Streamlit itself would: the same address
# is the same entry of the page's module map, which the chart's import() then finds.
# A second import (every rerun of the page runs this) is served from the module map: no fetch.
_SCRIPT = """<script>(() => {
    const main = document.querySelector('script[type="module"][src*="/static/js/index."]');
    if (!main) return;
    const href = new URL(CHUNK, main.src).href;
    (window.requestIdleCallback ?? setTimeout)(() => import(href).catch(() => {}));
})();</script>"""


@cache
def plotly_chunk() -> str | None:
    """The file name of the installed Streamlit's plotly chunk, or None unless exactly one is found."""
    found = list(STATIC_JS.glob(PLOTLY_CHUNK))
    return found[0].name if len(found) == 1 else None


def charts() -> None:
    """Have the browser load the charts' code as soon as it is idle (once per page load)."""
    chunk = plotly_chunk()
    if chunk is None:
        return
    with st.container(key="preload_charts"):  # hidden (ui/style.py): takes no room on the screen
        st.html(_SCRIPT.replace("CHUNK", json.dumps(chunk)), unsafe_allow_javascript=True)
