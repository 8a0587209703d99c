from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "jxjy.regions"
    verbose_name = "行政区划"
