"""The pure compliance engine: incident facts plus the organisation profile give the obligations.

Standard library (and the ``holidays`` tables) only: no Django, nothing else of the project.
docs/architecture.md places it at the bottom of the layers; an import-linter contract keeps it so.
"""

from compliance.engine.explanations import TIER_RULES
from compliance.engine.obligations import CONDITION_TESTS, Obligation, clear_caches, evaluate
from compliance.engine.rules import Projection

__all__ = ["CONDITION_TESTS", "TIER_RULES", "Obligation", "Projection", "clear_caches", "evaluate"]
