from jxjy.imports.choices import ImportKind
from jxjy.imports.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "导入继续教育基地颁发的学习记录 / import a CE base's issued certificates"
    kind = ImportKind.RECORDS
    org_option = "issuer"
    org_kind = "base"
    org_label = "继续教育基地"
