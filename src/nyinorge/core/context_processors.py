"""What the page shell (header, navigation) needs on every page."""

from django.conf import settings
from django.urls import reverse

from nyinorge.core.access import user_can
from nyinorge.core.roles import CAPABILITIES


def shell(request) -> dict:
    """Navigation entries the user's roles allow, the organisation name and login options."""
    user = getattr(request, "user", None)
    navigation = []
    if user is not None and user.is_authenticated:
        for capability, info in CAPABILITIES.items():
            if info.url_name and user_can(user, capability):
                navigation.append({"label": info.label, "url": reverse(info.url_name), "capability": capability})
    return {
        "navigation": navigation,
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_provider_name": settings.OIDC_PROVIDER_NAME,
        "grants_local_signup": settings.GRANTS_LOCAL_SIGNUP,
    }
