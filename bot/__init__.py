"""The wiring: settings, the engine, the web app, the scheduler and the command line."""

import os

# The danger reader's numpy runs one message at a time: more BLAS threads only fight the
# event loop and each other for the machine's cores. Set before numpy is first imported.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
