from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from policyportal import (
    accessibility_views,
    account_views,
    clause_views,
    home,
    invitation_views,
    oidc_views,
    session_views,
    views,
)
from policyportal.forms import LoginForm

handler400 = views.request_refused

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", accessibility_views.accessibility_statement, name="accessibility"),
    path("admin/", admin.site.urls),
    path("operator/", include("policyportal.operator_urls")),
    path("", home.home, name="home"),
    path("rules/", views.policy, name="policy"),
    path("rules/publish/", views.policy_edit, name="policy_edit"),
    path("rules/clauses/", clause_views.clause_support, name="clause_support"),
    path("rules/", include("sites.personal.acknowledgment_urls")),
    path("people/import/", include("policyportal.directory.urls")),
    path("people/", include("policyportal.people_urls")),
    path("settings/", views.district_settings, name="district_settings"),
    path("settings/sign-in/", oidc_views.sign_in_settings, name="sign_in_settings"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open", views.notification_open, name="notification_open"),
    path("inbox/read-all", views.notifications_read_all, name="notifications_read_all"),
    path("requests/", include("requests.urls")),
    path("sites/", include("sites.urls")),
    path("audit/", include("audits.urls")),
    path("reports/", include("audits.report_urls")),
    path("records/packages/", include("audits.records_package_urls")),
    path("records/", include("policyportal.records.urls")),
    path(
        "accounts/login/",
        oidc_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", oidc_views.LogoutView.as_view(), name="logout"),
    path("accounts/sso/", oidc_views.sso_start, name="sso_start"),
    path("accounts/session/stay/", session_views.session_stay, name="session_stay"),
    path("accounts/oidc/callback/", oidc_views.oidc_callback, name="oidc_callback"),
    path("accounts/email/", account_views.email_settings, name="email_settings"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/invitation/<uidb64>/<token>/", invitation_views.invitation_accept, name="invitation_accept"),
]
