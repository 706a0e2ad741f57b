from django.urls import path

from backchannel.core.web import routes_of, routes_under
from backchannel.ideas import views

app_name = "ideas"

urlpatterns = [
    *routes_under(views, "processes/<uuid:process_id>", "idea", "list", "create"),
    path("ideas/<uuid:idea_id>/", views.idea_detail, name="idea-detail"),
    *routes_of(views, "idea", "edit", "float", "delete"),
    path(
        "ideas/<uuid:idea_id>/versions/new/",
        views.idea_version_create,
        name="version-create",
    ),
    path(
        "idea-versions/<uuid:version_id>/settings/",
        views.idea_version_settings,
        name="version-settings",
    ),
    path(
        "idea-versions/<uuid:version_id>/feedback/",
        views.feedback_edit,
        name="feedback-edit",
    ),
    path(
        "idea-versions/<uuid:version_id>/feedback/withdraw/",
        views.feedback_withdraw,
        name="feedback-withdraw",
    ),
    path(
        "feedback/<uuid:feedback_id>/remove/",
        views.feedback_remove,
        name="feedback-remove",
    ),
    path(
        "idea-versions/<uuid:version_id>/responses/",
        views.feedback_list,
        name="feedback-list",
    ),
    *routes_under(views, "processes/<uuid:process_id>", "joint_text", "create"),
    path(
        "joint-texts/<uuid:joint_text_id>/",
        views.joint_text_detail,
        name="joint-text-detail",
    ),
    *routes_of(views, "joint_text", "edit", "delete"),
    path(
        "joint-texts/<uuid:joint_text_id>/versions/new/",
        views.joint_text_version_create,
        name="joint-text-version-create",
    ),
    *routes_of(views, "joint_text", "diff", "export"),
    path(
        "sections/<uuid:section_id>/comments/new/",
        views.section_comment_create,
        name="section-comment-create",
    ),
]
