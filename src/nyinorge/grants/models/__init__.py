from nyinorge.grants.models.rates import SCHEME_POSTS, GrantRate, Scheme
from nyinorge.grants.models.runs import GrantLine, GrantRun

__all__ = ["SCHEME_POSTS", "GrantLine", "GrantRate", "GrantRun", "Scheme"]
