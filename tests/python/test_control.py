"""The GIL is released while the engine runs, Ctrl-C stops a render within a second, progress is reported."""
import os
import signal
import sys
import threading
import time

import pytest

import gdchaos

# A render far longer than the tests wait (about 10 s on this project's 2-core machine): the dense
# engine, 2048² pixels of slow convergence on one thread. Its tiles of 512 pixels take about 1 ms
# each, and the stop token is checked before every tile.
LONG = dict(d=2, target="diag:0.3,0.8", eta=0.3, plane="random", seed=1, window=(-0.05, 0.05, -0.05, 0.05),
            res=2048, max_iter=20000, threads=1)


def test_another_thread_runs_while_a_render_does():
    beats = []
    done = threading.Event()

    def heartbeat():
        while not done.is_set():
            beats.append(time.monotonic())
            time.sleep(0.005)

    thread = threading.Thread(target=heartbeat)
    thread.start()
    try:
        start = time.monotonic()
        gdchaos.basin(**dict(LONG, res=1024))  # about 2.4 s on this project's 2-core machine
        end = time.monotonic()
    finally:
        done.set()
        thread.join()
    during = [t for t in beats if start <= t <= end]
    assert end - start > 0.2, "the render must be long enough to see the other thread"
    # The heartbeat kept beating all through the render: no gap near the render's length (with the
    # GIL held the one gap would be the whole render). Half of it allows for a busy machine's
    # scheduler (CI runs the suite two tests at a time on two cores).
    gaps = [b - a for a, b in zip([start] + during, during + [end])]
    assert len(during) >= 3, "the other thread must beat during the render"
    assert max(gaps) < 0.5 * (end - start), f"the other thread stalled for {max(gaps):.2f}s of a {end - start:.2f}s render"


@pytest.mark.parametrize("how", ["SIGINT", "interrupt_main"])
def test_ctrl_c_stops_a_long_render_within_a_second(how):
    import _thread
    sent = []

    def interrupt():
        sent.append(time.monotonic())
        if how == "SIGINT":
            os.kill(os.getpid(), signal.SIGINT)
        else:
            _thread.interrupt_main()

    timer = threading.Timer(0.5, interrupt)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        gdchaos.basin(**LONG)
    latency = time.monotonic() - sent[0]
    timer.join()
    print(f"{how}: KeyboardInterrupt {latency * 1000:.0f} ms after the signal")
    assert latency < 1.0


def test_progress_reaches_the_total_and_only_grows():
    seen = []
    gdchaos.basin(y=0.5, lam=0.2, eta=1.0, res=256, max_iter=20000, progress=lambda d, t: seen.append((d, t)))
    assert seen, "the callback was called"
    assert all(t == 256 * 256 for _, t in seen)
    done = [d for d, _ in seen]
    assert done == sorted(done)
    assert done[-1] == 256 * 256


def test_an_exception_in_the_progress_callback_stops_the_render():
    class Enough(Exception):
        pass

    calls = []

    def stop_early(done, total):
        calls.append(done)
        raise Enough()

    start = time.monotonic()
    with pytest.raises(Enough):
        gdchaos.basin(progress=stop_early, **LONG)
    assert time.monotonic() - start < 2.0
    assert len(calls) == 1


def test_the_text_bar_when_progress_is_true_and_tqdm_is_missing(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # import tqdm now raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    gdchaos.basin(y=0.5, lam=0.2, eta=1.0, res=64, max_iter=2000, progress=True)
    assert capsys.readouterr().err.rstrip().endswith("basin: 100%")


def test_a_tqdm_bar_when_progress_is_true_and_tqdm_is_importable(capsys):
    pytest.importorskip("tqdm")  # Debian's python3-tqdm (scripts/install-deps.sh)
    gdchaos.basin(y=0.5, lam=0.2, eta=1.0, res=64, max_iter=2000, progress=True)
    err = capsys.readouterr().err
    # tqdm's bar: the label, 100 % and the pixel count 64² = 4096 (4.10k with unit_scale).
    assert "basin" in err and "100%" in err and "4.10k/4.10k" in err, err
