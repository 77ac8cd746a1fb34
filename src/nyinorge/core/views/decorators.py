"""View guards that ask the permission layer and show its reason on refusal."""

from functools import wraps

from django.contrib.auth.decorators import login_required

from nyinorge.core.access import require, user_can
from nyinorge.core.roles import Capability


def capability_required(capability: Capability):
    """Require login, then the capability (403 with the reason otherwise)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            require(user_can(request.user, capability))
            return view(request, *args, **kwargs)

        return guarded

    return decorator
