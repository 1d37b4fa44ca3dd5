"""Hypothesis profiles for the parser's property-based tests (tests/parser/test_fuzz.py).

ORDERLENS_FUZZ_PROFILE picks one (default "ci"):

* ci   — what `make test` runs: a fixed budget, derandomized so every run tries the same inputs and a
         failure reproduces; no example database.
* long — twenty times the examples, random each run, failures remembered in .hypothesis/ (git-ignored);
         about 12 minutes on two cores:
         make fuzz-long   (= ORDERLENS_FUZZ_PROFILE=long .venv/bin/pytest tests/parser/test_fuzz.py)

Neither shrinks failures: shrinking re-runs a failing test hundreds of times (minutes on 40 KB fixture
pages), and the reports already name the fixture and the edits that made the page. To shrink a failure to
a minimal example, rerun that one test with ORDERLENS_FUZZ_SHRINK=1 (with the long profile it replays the
failure from .hypothesis/ first).

`max_examples` is the budget of the random-HTML tests; test_fuzz.py derives the per-fixture and
amplified-page budgets from it. Time limits are asserted by the tests (per MB of page), so there is no
Hypothesis deadline.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
_PHASES: tuple[Phase, ...] = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target)
if os.environ.get("ORDERLENS_FUZZ_SHRINK"):
    _PHASES = (*_PHASES, Phase.shrink)

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    phases=_PHASES,
    print_blob=True,
    suppress_health_check=_SLOW_INPUTS,
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    phases=_PHASES,
    print_blob=True,
    suppress_health_check=_SLOW_INPUTS,
)
settings.load_profile(os.environ.get("ORDERLENS_FUZZ_PROFILE", "ci"))
