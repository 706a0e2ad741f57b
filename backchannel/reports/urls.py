from django.urls import path

from backchannel.reports import views

app_name = "reports"

urlpatterns = [
    path(
        "processes/<uuid:process_id>/report/",
        views.process_report_page,
        name="process-report",
    ),
    path(
        "processes/<uuid:process_id>/report.pdf",
        views.process_report_pdf,
        name="process-report-pdf",
    ),
]
