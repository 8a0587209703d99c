from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "jxjy.imports"
    verbose_name = "批量导入"
