"""The `progress` argument: None, a callable (done, total), or True for a bar (tqdm when importable)."""
import sys


class _TextBar:
    def __init__(self, label):
        self.label = label
        self.shown = -1

    def __call__(self, done, total):
        percent = 100 * done // total if total else 100
        if percent != self.shown:
            self.shown = percent
            sys.stderr.write(f"\r{self.label}: {percent:3d}%")
            if done >= total:
                sys.stderr.write("\n")
            sys.stderr.flush()


class _TqdmBar:
    def __init__(self, tqdm, label):
        self.bar = tqdm(desc=label, unit="px", unit_scale=True)

    def __call__(self, done, total):
        if self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()


def callback(progress, label):
    """The callable to hand to the library, or None."""
    if progress is None or progress is False:
        return None
    if progress is True:
        try:
            from tqdm.auto import tqdm
        except ImportError:
            return _TextBar(label)
        return _TqdmBar(tqdm, label)
    if not callable(progress):
        raise TypeError("`progress` is None, True, or a callable (done, total)")
    return progress
