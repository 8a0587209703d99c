from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "jxjy.catalogue"
    verbose_name = "科目、课程与教材"
