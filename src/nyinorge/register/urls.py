from django.urls import path

from nyinorge.register.views import index

app_name = "register"

urlpatterns = [
    path("", index.index, name="index"),
]
