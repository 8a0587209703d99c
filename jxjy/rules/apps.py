from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "jxjy.rules"
    verbose_name = "学时认定规则与年度要求"
