from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jxjy.audit"
    verbose_name = "审计日志"
