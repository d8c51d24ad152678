"""Keep pages apart: each starts from the same global state and leaves none behind."""

from __future__ import annotations

import contextlib
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["isolated"]


@contextlib.contextmanager
def isolated(root: Path) -> Iterator[None]:
    """Run a page in `root` with fresh randomness; restore every global it may change.

    The random generators start from an unpredictable seed, so a page that forgets to
    seed its randomness gives different outputs on each run, and the check that runs
    pages twice catches it. torch computes on one thread: how a sum is split between
    threads changes its last bits, and a page must print the same numbers whether it runs
    alone or beside others in worker processes, on two cores or on sixteen.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    import numpy as np
    import torch

    # torch keeps its print options in a private object; there is no public getter.
    print_options = vars(torch._tensor_str.PRINT_OPTS).copy()
    saved = (
        torch.random.get_rng_state(),
        np.random.get_state(),
        random.getstate(),
        np.get_printoptions(),
        torch.get_default_dtype(),
        torch.is_grad_enabled(),
        torch.are_deterministic_algorithms_enabled(),
        os.getcwd(),
        list(sys.path),
        torch.get_num_threads(),
    )
    torch.set_num_threads(1)
    torch.seed()
    np.random.seed(random.SystemRandom().randrange(2**32))
    random.seed()
    os.chdir(root)
    try:
        with matplotlib.rc_context(matplotlib.rcParamsDefault):
            yield
    finally:
        plt.close("all")
        torch._tensor_str.PRINT_OPTS.__dict__.update(print_options)
        torch.random.set_rng_state(saved[0])
        np.random.set_state(saved[1])
        random.setstate(saved[2])
        np.set_printoptions(**saved[3])
        torch.set_default_dtype(saved[4])
        torch.set_grad_enabled(saved[5])
        torch.use_deterministic_algorithms(saved[6])
        os.chdir(saved[7])
        sys.path[:] = saved[8]
        torch.set_num_threads(saved[9])
