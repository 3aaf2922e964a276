"""The examples run: the notebook executes from top to bottom (nbconvert), the scripts finish."""
import os
import subprocess
import sys

import pytest

from conftest import SOURCE_DIR

EXAMPLES = os.path.join(SOURCE_DIR, "examples")


def test_the_notebook_executes(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from nbconvert.preprocessors import ExecutePreprocessor
    with open(os.path.join(EXAMPLES, "basins.ipynb")) as f:
        notebook = nbformat.read(f, as_version=4)
    ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(notebook, {"metadata": {"path": str(tmp_path)}})
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "eta* = " in text and "dense" in text  # Theorem 1's line and Fig. 5's engine were printed


@pytest.mark.parametrize("script, args, product", [("fig3.py", ["128", "fig3-out"], "fig3-out/fig3.png"),
                                                    ("zoom.py", ["96"], "zoom.png")])
def test_the_scripts_run(script, args, product, tmp_path):
    done = subprocess.run([sys.executable, os.path.join(EXAMPLES, script), *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / product).stat().st_size > 0
