import os
import sys

from hypothesis import settings, HealthCheck

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "conformance"))

# CI draws the same examples every run (a red CI means a change broke something, not a new draw);
# HYPOTHESIS_PROFILE=thorough explores with fresh random examples
settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
