from django.urls import path

from nyinorge.statistics import views

app_name = "statistics"

urlpatterns = [
    path("", views.statistics_index, name="index"),
    path("tables/<slug:table>.<slug:file_format>", views.statistics_table_export, name="table"),
    path("charts/<slug:figure>.svg", views.statistics_chart, name="chart"),
    path("report.pdf", views.statistics_report, name="report"),
]
