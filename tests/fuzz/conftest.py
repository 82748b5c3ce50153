"""Fuzz settings: a short bounded run in the normal suite; ``GONGKAI_FUZZ_EXAMPLES`` (set by
``make fuzz``) makes it a long one. Applied per test, so other tests' hypothesis settings stay."""
import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("GONGKAI_FUZZ_EXAMPLES", "25"))
LONG = EXAMPLES > 25

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None if LONG else 3000,      # ms per example; targets enforce their own SECONDS bound
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    derandomize=not LONG,                 # the short run is the same every time (CI); the long run explores
    database=None,
    print_blob=True,
)
