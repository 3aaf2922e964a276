"""gdchaos's matplotlib figures, one module a figure kind: run as `python3 -m plots.NAME ARGS`
with python/ on the path (gdchaos does that: cli/plot.cpp).

palette: the status and attractor colours (those of basin.png) · common: the shared look ·
scan, sensitivity, dimension: the plots of those commands · report: `gdchaos reproduce`'s figures
and index.html, from the figure catalogue (figures/catalogue.json).
"""
