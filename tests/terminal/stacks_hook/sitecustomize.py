"""Loaded first by every app the real-terminal tests start (the harness puts this folder on
its PYTHONPATH): SIGUSR1 makes the app write every thread's stack to the file the harness
names, so a test that finds the app hung (it did not exit) says where it hangs. Nothing else
changes in the app. A test that plants a sitecustomize of its own (``card_screen.hooked_env``)
comes first on the path, and its app has no such dump."""

import faulthandler
import os
import signal

# taken, not inherited: the app's own Python children (a board's fork server, its readers)
# would each empty the file and answer a signal they are not sent
_path = os.environ.pop("PERFCARD_TEST_STACKS", None)
if _path:
    _file = open(_path, "w")  # noqa: SIM115 - open for the life of the process
    faulthandler.register(signal.SIGUSR1, file=_file, all_threads=True)
