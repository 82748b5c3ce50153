"""View helpers shared by every staff workbench (catalog, applications, disputes, audit)."""
from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST


def console_url_name(user) -> str | None:
    """The console a 三员 works through (GB/T 22239-2019 8.1.5): each has its own."""
    from .models import Role

    return {Role.SYSADMIN: "manage:system:index", Role.SECADMIN: "manage:policy:index",
            Role.AUDITADMIN: "manage:auditlog:index"}.get(user.role)


def _administrator_refused(request):
    """A 三员 on a business page: the workbench home sends them to their console, the rest is 403."""
    from django.urls import NoReverseMatch, reverse

    name = console_url_name(request.user)
    match = getattr(request, "resolver_match", None)
    if name and match is not None and match.view_name == "workbench:home":
        try:
            return redirect(reverse(name))
        except NoReverseMatch:
            pass
    return render(request, "catalog/forbidden.html", status=403)


def staff_required(view):
    """Logged in with a business role and attached to a unit. The 三员 are refused (they see no
    business data) and ``is_superuser`` grants nothing (security.md §2)."""
    from .scoping import is_administrator

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_administrator(request.user):
            return _administrator_refused(request)
        if not request.user.unit_id:
            messages.error(request, "您的账号未分配单位，请联系管理员")
            return redirect("portal:home")
        return view(request, *args, **kwargs)
    return wrapper


def role_required(*roles):
    def deco(view):
        @staff_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in roles:
                return render(request, "catalog/forbidden.html", status=403)
            return view(request, *args, **kwargs)
        return wrapper
    return deco


def form_data(form, error_class):
    """The cleaned data, or ``error_class`` with every field error in one Chinese line."""
    if not form.is_valid():
        raise error_class("；".join(f"{form.fields[f].label}：{e}" if f in form.fields else e
                                    for f, errs in form.errors.items() for e in errs))
    return form.cleaned_data


def object_action(load, error_class, detail_view: str):
    """Decorator factory for POST-only actions on one record: load it (scoped, 404
    otherwise), run the view, show its message or the rule that refused it, and go
    back to the record's page."""
    def deco(view):
        @staff_required
        @require_POST
        @wraps(view)
        def wrapper(request, pk, **kwargs):
            obj = load(request, pk)
            try:
                done = view(request, obj, **kwargs)
            except error_class as exc:
                messages.error(request, str(exc))
            else:
                if done:
                    messages.success(request, done)
            return redirect(detail_view, pk=obj.pk)
        return wrapper
    return deco


def _business_session_auth():
    from ninja.security import SessionAuth

    class BusinessSessionAuth(SessionAuth):
        """django-ninja's session auth (CSRF included) for business users only: the 三员 and
        accounts without a unit get 401 on /api/v1/work/, as on the workbench (security.md §2)."""

        def authenticate(self, request, key):
            from .scoping import is_business_user

            user = super().authenticate(request, key)
            return user if user is not None and is_business_user(user) else None

    return BusinessSessionAuth()


business_auth = _business_session_auth()
