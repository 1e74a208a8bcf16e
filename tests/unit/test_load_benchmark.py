"""The arithmetic of benchmarks/load.py: percentiles, the py-spy summary and the table's marks."""

from __future__ import annotations

import json

from tests.benchmark_scripts import benchmark_script

load = benchmark_script("load")


def test_percentiles_interpolate_between_the_measurements():
    figure = load.Figure("x", [float(v) for v in range(200, 0, -10)])  # 10 … 200 ms, 20 values
    # Worked by hand: rank (n - 1) * p; p50 at 9.5 → 100 + 0.5 * 10, p95 at 18.05 → 190 + 0.05 * 10.
    assert figure.p(50) == 105
    assert round(figure.p(95), 6) == 190.5
    assert figure.cells() == ("105 ms", "190 ms", "200 ms")  # 190.5 written without decimals
    assert load.Figure("one", [1234.0]).cells() == ("1,234 ms", "", "")
    assert load.Figure("none").cells() == ("—", "", "")


def test_the_table_marks_aims_and_figures_without_measurements():
    met = load.Figure("kiosk", [100.0, 200.0], (1.0, 2.0), "p95 ≤ 300 ms", True)
    missed = load.Figure("cold", [2500.0], (1.0, 1.5), "≤ 2 s", False)
    empty = load.Figure("reloads", [], (2.0, 3.0))
    rows = load.markdown_table([met, missed, empty], "header").splitlines()
    assert rows[0] == "header"
    assert rows[4] == "| kiosk | 150 ms | 195 ms | 200 ms | 2 | 1.00 → 2.00 | p95 ≤ 300 ms | ✓ |"
    assert rows[5] == "| cold | 2.50 s |  |  | 1 | 1.00 → 1.50 | ≤ 2 s | ✗ |"
    assert rows[6] == "| reloads | — |  |  | 0 | 2.00 → 3.00 |  |  |"


def test_hot_spots_count_own_time_at_the_top_and_the_projects_functions_once_per_sample(tmp_path):
    project = tmp_path / "checkout"
    frames = [
        {"name": "main", "file": str(project / "app.py"), "line": 10},
        {"name": "render", "file": str(project / "pages" / "dashboard.py"), "line": 20},
        {"name": "iterencode", "file": "/usr/lib/python3.11/json/encoder.py", "line": 258},
        {"name": "collect", "file": str(project / ".venv" / "lib" / "gc.py"), "line": 1},
    ]
    profiles = [
        # thread 1: 3 samples in json under render, 1 in render itself (render twice: recursion)
        {"samples": [[0, 1, 2], [0, 1, 1]], "weights": [3, 1]},
        # thread 2: 4 samples in a library under the project's folder (.venv is not the project)
        {"samples": [[3], []], "weights": [4, 2]},
    ]
    speedscope = tmp_path / "profile.json"
    speedscope.write_text(json.dumps({"shared": {"frames": frames}, "profiles": profiles}))
    own, inclusive = load.hot_spots(speedscope, project)
    # 10 samples in all (the empty stack counts in the total, not in any function)
    assert own == [
        ("collect (gc.py:1)", 0.4),
        ("iterencode (encoder.py:258)", 0.3),
        ("render (dashboard.py:20)", 0.1),
    ]
    assert dict(inclusive) == {"main (app.py)": 0.4, "render (pages/dashboard.py)": 0.4}
