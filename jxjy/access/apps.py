from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "jxjy.access"
    verbose_name = "账号与权限"
