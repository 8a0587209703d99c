from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.imports.choices import ImportMode

SELECT_LIMIT = 200  # beyond this many organisations (the administrator), type the credit code


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件（XLSX 或 CSV）"))
    mode = forms.ChoiceField(
        label=_("导入方式"), choices=ImportMode.choices, initial=ImportMode.VALID, widget=forms.RadioSelect
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = organizations
        count = organizations.count()
        if 1 < count <= SELECT_LIMIT:
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("机构"), queryset=organizations, empty_label=None
            )
        elif count > SELECT_LIMIT:
            self.fields["credit_code"] = forms.CharField(label=_("机构的统一社会信用代码"), max_length=40)
        self.single = organizations.first() if count == 1 else None

    def clean_credit_code(self):
        from jxjy.organizations.codes import normalize_credit_code

        code = normalize_credit_code(self.cleaned_data["credit_code"])
        organization = self.organizations.filter(credit_code=code).first()
        if organization is None:
            raise forms.ValidationError(_("没有该统一社会信用代码的机构"))
        self.cleaned_data["organization"] = organization
        return code

    def chosen_organization(self):
        return self.single or self.cleaned_data.get("organization")
