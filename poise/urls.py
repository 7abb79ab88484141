from __future__ import annotations

from django.urls import include, path

from poise.api.views import api
from poise.assessments import views as assessment_views
from poise.audit import views as audit_views
from poise.journal import views as journal_views
from poise.medications import views as medication_views
from poise.patients import views as patient_views
from poise.web import views as web_views

patients = (
    [
        path("", patient_views.patient_list, name="list"),
        path("new/", patient_views.patient_create, name="create"),
        path("<uuid:public_id>/", patient_views.chart, name="chart"),
        path("<uuid:public_id>/edit/", patient_views.demographics_edit, name="edit"),
        path("<uuid:public_id>/diagnoses/new/", patient_views.condition_add, name="condition_add"),
        path(
            "<uuid:public_id>/diagnoses/<uuid:condition_id>/",
            patient_views.condition_revise,
            name="condition_revise",
        ),
        path("<uuid:public_id>/allergies/new/", patient_views.allergy_add, name="allergy_add"),
        path("<uuid:public_id>/status/new/", patient_views.status_add, name="status_add"),
        path("<uuid:public_id>/portal-invite/", patient_views.portal_invite, name="portal_invite"),
        path("<uuid:public_id>/care-team/new/", patient_views.care_team_add, name="care_team_add"),
        path("<uuid:public_id>/vitals/new/", patient_views.vitals_add, name="vitals_add"),
        path("<uuid:public_id>/labs/new/", patient_views.labs_add, name="labs_add"),
        path(
            "<uuid:public_id>/observations/<slug:kind>/",
            patient_views.observation_history,
            name="observation_history",
        ),
        path(
            "<uuid:public_id>/<slug:entry_type>/<uuid:entry_id>/entered-in-error/",
            patient_views.entry_mark_in_error,
            name="entered_in_error",
        ),
        path(
            "<uuid:public_id>/scales/new/", assessment_views.assignment_add, name="assignment_add"
        ),
        path(
            "<uuid:public_id>/scales/<slug:instrument_key>/",
            assessment_views.history,
            name="scale_history",
        ),
        path(
            "<uuid:public_id>/scales/<slug:instrument_key>/stop/",
            assessment_views.assignment_stop,
            name="assignment_stop",
        ),
        path(
            "<uuid:public_id>/scales/<slug:instrument_key>/administer/",
            assessment_views.administer,
            name="administer",
        ),
        path(
            "<uuid:public_id>/flags/<uuid:flag_id>/acknowledge/",
            assessment_views.flag_acknowledge,
            name="flag_acknowledge",
        ),
        path(
            "<uuid:public_id>/medications/new/",
            medication_views.medication_start,
            name="medication_start",
        ),
        path(
            "<uuid:public_id>/medications/<uuid:statement_id>/dose/",
            medication_views.dose_change,
            name="dose_change",
        ),
        path(
            "<uuid:public_id>/medications/<uuid:statement_id>/stop/",
            medication_views.medication_stop,
            name="medication_stop",
        ),
        path("<uuid:public_id>/medications/plan/", medication_views.plan, name="plan"),
        path("<uuid:public_id>/journal/", journal_views.chart_journal, name="journal"),
        path(
            "<uuid:public_id>/plans/<uuid:plan_id>/end/",
            medication_views.plan_end,
            name="plan_end",
        ),
    ],
    "patients",
)
audit = (
    [
        path("", audit_views.log, name="log"),
        path("export.csv", audit_views.export, name="export"),
    ],
    "audit",
)
web = (
    [
        path("", web_views.home, name="home"),
        path("portal/", web_views.portal, name="portal"),
        path("portal/questionnaires/", assessment_views.portal_list, name="portal_questionnaires"),
        path("portal/journal/", journal_views.portal_journal, name="portal_journal"),
        path(
            "portal/questionnaires/<slug:instrument_key>/",
            assessment_views.portal_fill,
            name="portal_fill",
        ),
        path(
            "portal/results/<uuid:response_id>/",
            assessment_views.portal_result,
            name="portal_result",
        ),
    ],
    "web",
)

urlpatterns = [
    path("", include(web)),
    path("accounts/", include("poise.accounts.urls")),
    path("patients/", include(patients)),
    path("audit/", include(audit)),
    path("api/v1/", api.urls),
]

handler403 = web_views.forbidden
handler404 = web_views.not_found
handler500 = web_views.server_error
