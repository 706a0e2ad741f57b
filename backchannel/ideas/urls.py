from django.urls import path

from backchannel.ideas import views

app_name = "ideas"

urlpatterns = [
    path("processes/<uuid:process_id>/ideas/", views.idea_list, name="idea-list"),
    path(
        "processes/<uuid:process_id>/ideas/new/",
        views.idea_create,
        name="idea-create",
    ),
    path("ideas/<uuid:idea_id>/", views.idea_detail, name="idea-detail"),
    path("ideas/<uuid:idea_id>/edit/", views.idea_edit, name="idea-edit"),
    path("ideas/<uuid:idea_id>/float/", views.idea_float, name="idea-float"),
    path("ideas/<uuid:idea_id>/delete/", views.idea_delete, name="idea-delete"),
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
    path(
        "processes/<uuid:process_id>/joint-texts/new/",
        views.joint_text_create,
        name="joint-text-create",
    ),
    path(
        "joint-texts/<uuid:joint_text_id>/",
        views.joint_text_detail,
        name="joint-text-detail",
    ),
    path(
        "joint-texts/<uuid:joint_text_id>/edit/",
        views.joint_text_edit,
        name="joint-text-edit",
    ),
    path(
        "joint-texts/<uuid:joint_text_id>/delete/",
        views.joint_text_delete,
        name="joint-text-delete",
    ),
    path(
        "joint-texts/<uuid:joint_text_id>/versions/new/",
        views.joint_text_version_create,
        name="joint-text-version-create",
    ),
    path(
        "joint-texts/<uuid:joint_text_id>/diff/",
        views.joint_text_diff,
        name="joint-text-diff",
    ),
    path(
        "joint-texts/<uuid:joint_text_id>/export/",
        views.joint_text_export,
        name="joint-text-export",
    ),
    path(
        "sections/<uuid:section_id>/comments/new/",
        views.section_comment_create,
        name="section-comment-create",
    ),
]
