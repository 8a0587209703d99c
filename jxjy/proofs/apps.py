from django.apps import AppConfig


class ProofsConfig(AppConfig):
    name = "jxjy.proofs"
    verbose_name = "学时证明与公开查验"
