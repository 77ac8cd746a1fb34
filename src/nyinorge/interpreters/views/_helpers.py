"""Small helpers shared by the application, review and notice pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from nyinorge.interpreters.selectors.applications import interpreter_of


def interpreter_required(view):
    """Login, and an interpreter entry for it (else to the page that explains how to apply)."""

    @login_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        interpreter = interpreter_of(request.user)
        if interpreter is None:
            return redirect("interpreters:account_start")
        return view(request, interpreter, *args, **kwargs)

    return guarded
