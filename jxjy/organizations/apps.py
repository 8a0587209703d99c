from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "jxjy.organizations"
    verbose_name = "组织机构"
