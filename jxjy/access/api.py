import datetime

from ninja import Field, Router, Schema, Status

from jxjy.access.models import ApiToken
from jxjy.access.services import token_create, token_revoke
from jxjy.config.api_types import ObjectId, Text

router = Router(tags=["账号 access"])


class RoleOut(Schema):
    role: str
    role_name: str = Field(..., alias="get_role_display")
    organization_id: int | None
    region_code: str | None = Field(None, alias="region.code")
    industry: str


class MeOut(Schema):
    username: str
    display_name: str
    person_id: int | None
    roles: list[RoleOut]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenCreate(Schema, extra="forbid"):
    name: Text = Field(..., min_length=1, max_length=100, description="用途，如“职称评审系统对接”")


class TokenCreated(TokenOut):
    token: Text = Field(..., description="令牌全文，只显示这一次")


@router.get("me", response=MeOut)
def me(request):
    user = request.auth
    roles = list(user.roles.select_related("region").order_by("id"))
    return {"username": user.username, "display_name": str(user), "person_id": user.person_id, "roles": roles}


@router.get("tokens", response=list[TokenOut])
def list_tokens(request):
    return ApiToken.objects.filter(user=request.auth)


@router.post("tokens", response={201: TokenCreated})
def create_token(request, payload: TokenCreate):
    api_token, token = token_create(actor=request.auth, name=payload.name)
    return Status(201, {**TokenOut.from_orm(api_token).dict(), "token": token})


@router.delete("tokens/{int:token_id}", response=TokenOut)
def revoke_token(request, token_id: ObjectId):
    api_token = ApiToken.objects.filter(user=request.auth).get(pk=token_id)
    return token_revoke(actor=request.auth, api_token=api_token)
