"""/api/v1/me/: the signed-in person, their memberships, and the government, role and token
of this request."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lazos.accounts.models import User
from lazos.api.base import resolve_tenant
from lazos.api.models import ApiToken
from lazos.governments.choices import Role
from lazos.governments.models import Government, Membership


class GovernmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Government
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class MeMembershipSerializer(serializers.ModelSerializer):
    government = GovernmentRefSerializer(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    departments = serializers.SerializerMethodField(
        help_text="For editors: ids of the departments whose work they may change."
    )

    class Meta:
        model = Membership
        fields = ["government", "role", "departments"]
        read_only_fields = fields

    def get_departments(self, membership: Membership) -> list[int]:
        return membership.department_ids


class MeTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "read_only", "expires_at", "government"]
        read_only_fields = fields


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    email = serializers.EmailField(read_only=True)
    memberships = MeMembershipSerializer(many=True, read_only=True)
    government = serializers.SerializerMethodField(
        help_text="The government this request acts in (the token's, or the session's current)."
    )
    role = serializers.SerializerMethodField(help_text="Your role in that government.")
    token = serializers.SerializerMethodField(
        help_text="The token of this request; null for a browser session."
    )

    @extend_schema_field(GovernmentRefSerializer(allow_null=True))
    def get_government(self, me: Any) -> dict[str, Any] | None:
        government = self.context.get("acting_government")
        return GovernmentRefSerializer(government).data if government is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices, allow_null=True))
    def get_role(self, me: Any) -> str | None:
        membership = self.context.get("acting_membership")
        return membership.role if membership is not None else None

    @extend_schema_field(MeTokenSerializer(allow_null=True))
    def get_token(self, me: Any) -> dict[str, Any] | None:
        token = self.context.get("token")
        return MeTokenSerializer(token).data if token is not None else None


class MeView(APIView):
    """The signed-in person, their memberships, and the government and scope of this request."""

    @extend_schema(summary="Who am I", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        government, membership = resolve_tenant(request)
        memberships = Membership.objects.filter(user=request.user).select_related("government")
        user = (
            User.objects.filter(pk=request.user.pk)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=memberships.prefetch_related("departments").order_by(
                        "government__name"
                    ),
                )
            )
            .first()
        )
        if user is None:  # the account was deleted during the request
            raise Http404
        token = request.auth if isinstance(request.auth, ApiToken) else None
        context = {
            "request": request,
            "acting_government": government,
            "acting_membership": membership,
            "token": token,
        }
        return Response(MeSerializer(user, context=context).data)
