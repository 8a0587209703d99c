from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "jxjy.records"
    verbose_name = "学习记录与登记"
