from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jxjy.jobs"
    verbose_name = "后台任务"
