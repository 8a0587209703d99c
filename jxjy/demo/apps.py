from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jxjy.demo"
    verbose_name = "演示数据"
