import json

from django.http import HttpResponse

_API_PREFIX = "/api/"
_CODES = {
    400: ("bad_request", "请求格式不正确"),
    403: ("forbidden", "您无权执行此操作"),
    404: ("not_found", "对象不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("payload_too_large", "请求内容过大"),
}


class ApiJsonErrorsMiddleware:
    """Errors raised before the API's own handlers run (an unknown path, a method the path does not
    take, a CSRF failure) still answer the API's JSON shape, so clients parse one kind of error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(_API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, message = _CODES.get(response.status_code, ("error", "请求失败"))
            body = json.dumps({"code": code, "message": message, "errors": []}, ensure_ascii=False)
            replacement = HttpResponse(body, status=response.status_code, content_type="application/json")
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response
