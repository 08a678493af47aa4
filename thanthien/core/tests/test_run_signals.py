"""`python3 run.py` stops cleanly: the first Ctrl-C or SIGTERM starts the stop, a second one while the
children stop is ignored (it used to raise again inside the clean-up and print a traceback)."""

import os
import signal

import pytest

import run


@pytest.fixture
def stop_handlers():
    saved = {name: signal.getsignal(getattr(signal, name)) for name in run.STOP_SIGNALS}
    for name in run.STOP_SIGNALS:
        signal.signal(getattr(signal, name), run._raise_stop)
    yield
    for name, handler in saved.items():
        signal.signal(getattr(signal, name), handler)


@pytest.mark.parametrize(
    "first, second", [("SIGTERM", "SIGTERM"), ("SIGINT", "SIGTERM"), ("SIGTERM", "SIGINT")]
)
def test_a_second_stop_signal_during_the_stop_is_ignored(stop_handlers, first, second):
    with pytest.raises(run.Stop):
        os.kill(os.getpid(), getattr(signal, first))
    os.kill(os.getpid(), getattr(signal, second))  # ignored now: no exception, the process goes on

    assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
