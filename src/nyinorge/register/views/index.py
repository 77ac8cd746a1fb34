"""The register's start page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required


@capability_required(Capability.VIEW_INTRODUCTION_REGISTER)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "register/index.html", {})
