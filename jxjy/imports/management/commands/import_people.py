from jxjy.imports.choices import ImportKind
from jxjy.imports.management.commands._importing import ImportCommand


class Command(ImportCommand):
    help = "导入用人单位的专业技术人员名册 / import an employer's staff roster"
    kind = ImportKind.PEOPLE
    org_option = "unit"
    org_kind = "unit"
    org_label = "用人单位"
