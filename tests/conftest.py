import os
import sys

from hypothesis import settings, HealthCheck

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "conformance"))

settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
