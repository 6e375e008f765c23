from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from lazos.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("language/", views.SetLanguageView.as_view(), name="set-language"),
    path("two-factor/", views.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("two-factor/set-up/", views.TwoFactorSetUpView.as_view(), name="two-factor-setup"),
    path("two-factor/codes/", views.TwoFactorCodesView.as_view(), name="two-factor-codes"),
    path(
        "two-factor/codes/new/",
        views.RecoveryCodesRegenerateView.as_view(),
        name="two-factor-regenerate",
    ),
    path("two-factor/off/", views.TwoFactorDisableView.as_view(), name="two-factor-disable"),
    path("two-factor/reset/<int:pk>/", views.TwoFactorResetView.as_view(), name="two-factor-reset"),
    path("personal-data/", views.PersonalDataSearchView.as_view(), name="personal-data"),
    path(
        "personal-data/<int:pk>/",
        views.PersonalDataRequestView.as_view(),
        name="personal-data-request",
    ),
    path(
        "personal-data/<int:pk>/export/",
        views.PersonalDataExportView.as_view(),
        name="personal-data-export",
    ),
    path(
        "personal-data/<int:pk>/erase/",
        views.PersonalDataEraseView.as_view(),
        name="personal-data-erase",
    ),
    path(
        "sign-out-everywhere/",
        views.SignOutEverywhereView.as_view(),
        name="sign-out-everywhere",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password-change-done"),
        ),
        name="password-change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password-change-done",
    ),
    path("password/reset/", views.LimitedPasswordResetView.as_view(), name="password-reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
]
