from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "jxjy.compliance"
    verbose_name = "年度学时达标"
