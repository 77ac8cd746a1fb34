from nyinorge.grants.models.rates import SCHEME_POSTS, GrantRate, Scheme
from nyinorge.grants.models.runs import GrantLine, GrantRun
from nyinorge.grants.models.special import SpecialGrantApplication, SpecialGrantDocument, SpecialGrantEvent

__all__ = ["SCHEME_POSTS", "GrantLine", "GrantRate", "GrantRun", "Scheme", "SpecialGrantApplication",
           "SpecialGrantDocument", "SpecialGrantEvent"]
