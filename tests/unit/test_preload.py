"""The charts' code that the login page fetches ahead (ui/preload.py) is found in the installed
Streamlit: exactly one plotly chunk, the one Streamlit's own main script imports for a chart.
A Streamlit upgrade that renames or splits the chunk fails here instead of silently fetching nothing."""

import re

from ui import preload


def test_the_glob_finds_exactly_one_plotly_chunk_in_the_installed_streamlit():
    found = list(preload.STATIC_JS.glob(preload.PLOTLY_CHUNK))
    assert len(found) == 1, found
    assert preload.plotly_chunk() == found[0].name
    assert found[0].stat().st_size > 1_000_000  # plotly itself, not a small wrapper


def test_the_chunk_is_the_one_streamlit_imports_for_a_chart():
    # Streamlit's index.html names its main script; that script lazily imports the chart's chunk.
    index_html = (preload.STATIC_JS.parents[1] / "index.html").read_text(encoding="utf-8")
    main = re.search(r'<script type="module"[^>]*src="\./static/js/(index\.[^"]+\.js)"', index_html)
    assert main is not None
    imports = set(re.findall(r"import\(`\./([^`]+\.js)`\)", (preload.STATIC_JS / main[1]).read_text()))
    assert preload.plotly_chunk() in imports
