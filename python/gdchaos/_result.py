"""A rendered basin map: numpy views on the engine's arrays, its recipe and meta.json."""
import json
import os
import tempfile
import weakref

from . import _core


class BasinResult:
    """One basin map, as `gdchaos basin` writes it (README, Output).

    Arrays, each [H, W] with row i ↔ β_i and column j ↔ α_j, read-only numpy views on the engine's
    buffers (no copy; `np.array(res.status)` for a copy you may change):
      status     uint8: 0 undecided, 1 converged to a global minimizer, 2 to another critical
                 point (e.g. the saddle 0), 3 diverged, 4 outside the quotient plane's domain
      steps      int32, iterations to the decision
      attractor  int16 id of the limit point (index into `attractors`), −1 when none
      loss, norm2, sharpness, imbalance (factorization), coord (with `coord=K`): float32 at the
                 limit θ* (L, ‖θ*‖², the largest Hessian eigenvalue, ‖U*‖² − ‖V*‖², θ*_K), NaN
                 where GD did not converge
    Pixel (i, j) starts at θ₀ = base + α_j·dir1 + β_i·dir2, α_j = a0 + (j + ½)(a1 − a0)/W,
    β_i = b0 + (i + ½)(b1 − b0)/H (`alpha`, `beta`).
    """

    def __init__(self, core_map):
        self._map = core_map
        self._scratch = None  # a private directory holding this map's output, made when needed

    # -- arrays ---------------------------------------------------------------------------------
    @property
    def status(self):
        return self._map.array("status")

    @property
    def steps(self):
        return self._map.array("steps")

    @property
    def attractor(self):
        return self._map.array("attractor")

    @property
    def loss(self):
        return self._map.array("loss")

    @property
    def norm2(self):
        return self._map.array("norm2")

    @property
    def sharpness(self):
        return self._map.array("sharpness")

    def __getattr__(self, name):  # the model's own fields (imbalance, coord, …)
        if name.startswith("_") or name not in self._map.array_names:
            raise AttributeError(f"{type(self).__name__} has no attribute or array '{name}'")
        return self._map.array(name)

    @property
    def arrays(self):
        """Every array of the output contract by name, in meta.json's order."""
        return {name: self._map.array(name) for name in self._map.array_names}

    # -- what the map is ------------------------------------------------------------------------
    @property
    def shape(self):
        return (self._map.height, self._map.width)

    @property
    def recipe(self):
        """The resolved recipe (every parameter): `gdchaos.basin(**…)`'s keywords, meta.json's "recipe"."""
        return json.loads(self._map.recipe)

    @property
    def window(self):
        """(a0, a1, b0, b1): the α and β ranges."""
        return self._map.window

    @property
    def alpha(self):
        """α_j, the column centres."""
        return self._map.pixel_centres()[0]

    @property
    def beta(self):
        """β_i, the row centres."""
        return self._map.pixel_centres()[1]

    @property
    def counts(self):
        """Pixels per status, named as in meta.json's "counts"."""
        return self._map.counts

    @property
    def attractors(self):
        """The limit points behind attractor ids (empty when the limits form a continuum)."""
        return self._map.attractors

    @property
    def engine(self):
        return self._map.engine

    @property
    def wall_seconds(self):
        return self._map.wall_seconds

    @property
    def meta(self):
        """meta.json's content (a dict): the same as `gdchaos basin` writes for these parameters.

        For a fresh render it is produced by writing the output once into a private temporary
        directory (kept while this result lives), unless `save` has already written it.
        """
        if self._map.meta is None:
            self._directory()
        return json.loads(self._map.meta)

    @property
    def directory(self):
        """The output directory this map was loaded from or last saved to (None if neither)."""
        return self._map.directory

    # -- files ----------------------------------------------------------------------------------
    def save(self, dir, force=False):
        """Writes the command line's output directory: meta.json, the .npy arrays, basin.png.

        `dir` must be absent or empty, or — with force=True — an earlier gdchaos output holding
        exactly what gdchaos wrote there; anything else is refused (ValueError) and left alone.
        The directory appears complete or not at all. Returns meta.json's content.
        """
        return json.loads(self._map.save(os.fspath(dir), bool(force)))

    def _directory(self):
        """A directory holding this map's output (the one it came from, or a private one)."""
        here = self._map.directory
        if here is not None and os.path.isdir(here):
            return here
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="gdchaos-")
            weakref.finalize(self, self._scratch.cleanup)
        self._map.save(os.path.join(self._scratch.name, "map"), True)
        return self._map.directory

    # -- pictures -------------------------------------------------------------------------------
    def plot(self, color=None, ax=None):
        """A matplotlib figure of the map (β upward) with axes and a colour bar; returns the Figure.

        color: status | attractor | steps | loss | norm2 | sharpness | imbalance | coord
        (default: the recipe's `color`). Statuses and attractors take basin.png's colours.
        """
        from ._plot import plot_map
        return plot_map(self, color or self.recipe.get("color", "status"), ax)

    def __repr__(self):
        h, w = self.shape
        return f"<BasinResult {w}x{h}, {self.engine} engine, counts {self.counts}>"
