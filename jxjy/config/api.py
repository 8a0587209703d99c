"""The REST API root: /api/v1/. Session auth for the browser, bearer tokens for systems, and one
error shape everywhere: {"code": stable English code, "message": Chinese text, "errors": [...]}."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import HttpBearer, SessionAuth

from jxjy.access.auth import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        return user_for_token(token)


api = NinjaAPI(
    title="jxjy 继续教育公共信息综合服务平台 API",
    version="1",
    description="所有错误均返回 {code, message, errors}；code 为稳定的英文代码，message 为中文说明。",
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
)


def _error(request, status: int, code: str, message: str, errors: list | None = None):
    return api.create_response(
        request, {"code": code, "message": message, "errors": errors or []}, status=status
    )


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    errors = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.error_dict.items():
            for error in field_errors:
                errors.append({"field": field, "code": error.code or "invalid", "message": _text(error)})
    else:
        for error in exc.error_list:
            errors.append({"field": None, "code": error.code or "invalid", "message": _text(error)})
    return _error(request, 422, "validation_error", "提交的数据有误，请按提示修改", errors)


@api.exception_handler(SchemaValidationError)
def on_schema_error(request, exc: SchemaValidationError):
    errors = []
    for error in exc.errors:
        errors.append(
            {
                "field": _field_name(error.get("loc", [])),
                "code": _schema_code(error),
                "message": _schema_message(error),
            }
        )
    return _error(request, 422, "validation_error", "提交的数据有误，请按提示修改", errors)


@api.exception_handler(AuthenticationError)
def on_not_authenticated(request, exc):
    return _error(request, 401, "not_authenticated", "请先登录，或在 Authorization 头中提供有效的令牌")


@api.exception_handler(PermissionDenied)
def on_forbidden(request, exc):
    return _error(request, 403, "forbidden", str(exc) or "您无权执行此操作")


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", "对象不存在")


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request, exc):
    return _error(request, 404, "not_found", "对象不存在")


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    codes = {400: "bad_request", 405: "method_not_allowed", 409: "conflict", 429: "too_many_requests"}
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


def _field_name(location) -> str | None:
    """("body", "payload", "title") → "title"; ("query", "year") → "year"; ("form", "mode") → "mode".
    Only the leading parts name where the value came from: a field may itself be called "form"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in ("body", "query", "path", "form", "file"):
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or None


def _text(error: ValidationError) -> str:
    return str(error.message % error.params) if error.params else str(error.message)


_SCHEMA_MESSAGES = {
    "missing": "必填项",
    "string_type": "应为文本",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_too_long": "内容过长",
    "string_too_short": "内容过短",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "enum": "不是允许的取值",
    "literal_error": "不是允许的取值",
    "json_invalid": "不是有效的 JSON",
    "model_attributes_type": "格式不正确",
    "dict_type": "格式不正确",
    "extra_forbidden": "不允许的字段",
}


def _schema_code(error: dict) -> str:
    code = error.get("type", "invalid")
    # A length limit on an optional text field reports the generic code; our schemas limit the length
    # of text only, so the stable code is the string one.
    if code in ("too_short", "too_long"):
        return f"string_{code}"
    return code


def _schema_message(error: dict) -> str:
    if error.get("type") == "value_error":
        return str(error.get("ctx", {}).get("error", "")) or "格式不正确"
    return _SCHEMA_MESSAGES.get(_schema_code(error), "格式不正确")


api.add_router("/regions", "jxjy.regions.api.router")
api.add_router("/organizations", "jxjy.organizations.api.router")
api.add_router("/people", "jxjy.people.api.router")
api.add_router("/catalogue", "jxjy.catalogue.api.router")
api.add_router("/rules", "jxjy.rules.api.router")
api.add_router("/records", "jxjy.records.api.router")
api.add_router("/imports", "jxjy.imports.api.router")
api.add_router("/jobs", "jxjy.jobs.api.router")
api.add_router("/", "jxjy.compliance.api.router")
api.add_router("/", "jxjy.proofs.api.router")
api.add_router("/", "jxjy.access.api.router")
