"""The rules edit page: one small form for the reason, and a formset per table of the rule document.

Hours stay text here ("12.5"): `ruleset_publish` parses and checks every number, so a rule is
written once; its error keys ("requirements.0.total") are put back beside the cell they name.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jxjy.people.choices import ProfessionalSeries, TitleLevel
from jxjy.rules.choices import CountingUnit, StudyForm

TABLES = {
    "requirements": _("年度达标要求"),
    "forms": _("学习形式"),
    "activities": _("学时折算项目"),
    "year": _("年度"),
}


def _hours(label, *, required=True, initial=None):
    attrs = {"size": 6, "inputmode": "decimal"}
    return forms.CharField(
        label=label, required=required, initial=initial, max_length=10, widget=forms.TextInput(attrs=attrs)
    )


def _date(label, *, required=True):
    return forms.CharField(label=label, required=required, widget=forms.TextInput(attrs={"type": "date"}))


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("修订说明"),
        max_length=200,
        help_text=_("说明本次修订的内容和依据，将在版本记录中公开"),
        widget=forms.TextInput(attrs={"size": 60}),
    )
    # The version the editor started from: publishing over a newer one would drop its changes.
    based_on = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class RequirementForm(forms.Form):
    series = forms.ChoiceField(
        label=_("职称系列"), required=False, choices=[("", _("全部系列"))] + ProfessionalSeries.choices
    )
    level = forms.ChoiceField(
        label=_("职称级别"), required=False, choices=[("", _("全部级别"))] + TitleLevel.choices
    )
    total = _hours(_("总学时"))
    professional_min = _hours(_("专业科目最低"))
    public_min = _hours(_("公需科目最低"))
    hours_per_credit = _hours(_("每学分学时"), initial="1.0")
    degree_counts_as_met = forms.BooleanField(label=_("学历教育视为达标"), required=False, initial=True)
    registration_deadline = _date(_("登记截止"))
    makeup_until = _date(_("补登截止"), required=False)

    @property
    def is_default_row(self) -> bool:
        return not (self.initial.get("series") or self.initial.get("level"))


class FormRuleForm(forms.Form):
    form = forms.ChoiceField(choices=StudyForm.choices, widget=forms.HiddenInput)
    annual_cap = _hours(_("年度上限"), required=False)
    evidence_required = forms.BooleanField(label=_("须上传证明"), required=False)

    def form_label(self) -> str:
        value = self["form"].value()
        return StudyForm(value).label if value in StudyForm.values else str(value)


class ActivityForm(forms.Form):
    code = forms.CharField(
        label=_("代码"), max_length=40, widget=forms.TextInput(attrs={"size": 14, "pattern": "[A-Za-z0-9_]+"})
    )
    name = forms.CharField(label=_("名称"), max_length=100, widget=forms.TextInput(attrs={"size": 22}))
    # A blank first choice: an untouched extra row is then sent back unchanged, and skipped.
    form = forms.ChoiceField(label=_("学习形式"), choices=[("", "—")] + StudyForm.choices)
    unit = forms.ChoiceField(label=_("折算方式"), choices=[("", "—")] + CountingUnit.choices)
    per_unit = _hours(_("每单位学时"), initial="0.0")
    national = _hours(_("国家级"), initial="0.0")
    regional = _hours(_("自治区级"), initial="0.0")
    local = _hours(_("地方级"), initial="0.0")
    max_per_day = _hours(_("每日上限"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.initial.get("code"):
            # Records name their activity by code: an existing activity keeps it.
            self.fields["code"].widget.attrs["readonly"] = True


RequirementFormSet = forms.formset_factory(RequirementForm, extra=3, can_delete=True)
FormRuleFormSet = forms.formset_factory(FormRuleForm, extra=0)
ActivityFormSet = forms.formset_factory(ActivityForm, extra=2, can_delete=True)


class RulesEditForm:
    """The whole page as one unit: valid only when every part is, and turned into the document
    `ruleset_publish` takes. Errors that name no cell are kept in `page_errors`."""

    def __init__(self, data=None, *, document: dict, version: int):
        self.meta = PublishForm(data, initial={"based_on": version})
        self.requirements = RequirementFormSet(data, initial=document["requirements"], prefix="requirements")
        self.forms = FormRuleFormSet(data, initial=document["forms"], prefix="forms")
        self.activities = ActivityFormSet(data, initial=document["activities"], prefix="activities")
        self.page_errors: list[str] = []
        self._rows: dict[str, list[forms.Form]] = {}

    @property
    def formsets(self) -> dict:
        return {"requirements": self.requirements, "forms": self.forms, "activities": self.activities}

    def is_valid(self) -> bool:
        parts = [self.meta, *self.formsets.values()]
        return all([part.is_valid() for part in parts])  # a list: every part shows its errors

    @property
    def has_errors(self) -> bool:
        parts = [self.meta, *self.formsets.values()]
        return self.meta.is_bound and (bool(self.page_errors) or not all(p.is_valid() for p in parts))

    def document(self) -> dict:
        """The rows kept (not deleted, not blank extra rows), remembering which form each came from."""
        document = {}
        for table, formset in self.formsets.items():
            kept = [form for index, form in enumerate(formset.forms) if _kept(formset, index, form)]
            self._rows[table] = kept
            document[table] = [_blank_to_none(form.cleaned_data) for form in kept]
        return document

    def add_service_errors(self, error: ValidationError) -> None:
        """`requirements.3.total` → the total cell of the fourth requirement row sent."""
        for key, errors in error.error_dict.items():
            messages = ValidationError(errors).messages
            table, _dot, rest = key.partition(".")
            index, _dot, field = rest.partition(".")
            rows = self._rows.get(table, [])
            if index.isdigit() and int(index) < len(rows):
                row = rows[int(index)]
                row.add_error(field if field in row.fields else None, messages)
            else:
                self.page_errors += [f"{TABLES.get(table, table)}：{message}" for message in messages]


def _kept(formset, index: int, form) -> bool:
    if form.cleaned_data.get("DELETE"):
        return False
    return index < formset.initial_form_count() or form.has_changed()


def _blank_to_none(data: dict) -> dict:
    optional = {"makeup_until", "annual_cap", "max_per_day"}
    row = {key: value for key, value in data.items() if key != "DELETE"}
    return {key: (None if key in optional and value == "" else value) for key, value in row.items()}
