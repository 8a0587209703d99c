from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.config.pages import errors_to_form, search_field
from jxjy.records.choices import RecordStatus
from jxjy.rules.choices import ItemLevel, StudyForm
from jxjy.rules.hours import parse_hours
from jxjy.rules.models import RuleSet
from jxjy.rules.selectors import ruleset_in_force

BLANK = [("", "—")]
# Service field names that the form shows under another name.
FIELD_OF_SERVICE = {"quantity_tenths": "quantity", "flags": "confirm_flags"}


def years_back(count: int = 5) -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - count, -1))


def service_errors_to_form(form: forms.Form, error: ValidationError) -> None:
    """A service's errors beside the form's fields, service names mapped to the form's."""
    if hasattr(error, "error_dict"):
        error = ValidationError({FIELD_OF_SERVICE.get(k, k): v for k, v in error.error_dict.items()})
    errors_to_form(form, error)


def quantity_tenths(value: str, field: str = "quantity") -> int:
    try:
        return parse_hours(value, field)
    except ValidationError as error:
        raise ValidationError(error.error_dict[field]) from None


class RecordFilterForm(forms.Form):
    q = search_field(_("姓名"), _("专业技术人员姓名"))
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + RecordStatus.choices
    )
    year = forms.TypedChoiceField(label=_("计入年度"), required=False, coerce=int, empty_value=None)
    flagged = forms.BooleanField(label=_("只看有提示的"), required=False)

    def __init__(self, *args, show_person: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部"))] + [(y, f"{y} 年") for y in years_back()]
        if not show_person:
            del self.fields["q"]
            del self.fields["flagged"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def activity_choices(ruleset: RuleSet | None) -> list:
    """The activities of the year's rules, grouped by form of study."""
    if ruleset is None:
        return BLANK
    groups: dict[str, list] = {}
    for rule in ruleset.activity_rules.all():
        groups.setdefault(rule.get_form_display(), []).append((rule.code, rule.name))
    return BLANK + list(groups.items())


class RecordForm(forms.Form):
    """The professional's self-report; the same form amends a returned record."""

    form = forms.ChoiceField(label=_("学习形式"), choices=BLANK + StudyForm.choices)
    activity = forms.ChoiceField(
        label=_("学时折算项目"), help_text=_("按所选项目折算学时，例如培训班按实际学时、学术会议按项")
    )
    subject_kind = forms.ChoiceField(label=_("科目类别"), choices=SubjectKind.choices)
    public_category = forms.ChoiceField(
        label=_("公需科目内容"),
        choices=BLANK + PublicCategory.choices,
        required=False,
        help_text=_("仅公需科目填写"),
    )
    title = forms.CharField(label=_("学习项目名称"), max_length=200)
    content = forms.CharField(
        label=_("学习内容"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    organiser = forms.CharField(label=_("主办单位"), max_length=200)
    start_date = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("结束日期"), widget=forms.DateInput(attrs={"type": "date"}))
    quantity = forms.CharField(
        label=_("数量"),
        max_length=10,
        help_text=_("学时数、半天数、天数、项数或课程数（按折算项目），最多一位小数，如 8 或 12.5"),
    )
    item_level = forms.ChoiceField(
        label=_("级别"),
        choices=BLANK + ItemLevel.choices,
        required=False,
        help_text=_("学术会议等按项折算时必填"),
    )
    certificate_number = forms.CharField(label=_("证书或证明编号"), max_length=64, required=False)
    year = forms.IntegerField(
        label=_("计入年度"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("不填则按结束日期所在年度；补学往年学时时填写"),
    )
    via_agency = forms.BooleanField(label=_("交由我的档案代理机构登记"), required=False)
    evidence = MultipleFileField(
        label=_("证明材料"), required=False, help_text=_("证书、结业证明等，可选多个 PDF、JPG 或 PNG 文件")
    )

    def __init__(self, *args, ruleset: RuleSet | None = None, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        # Early in a year whose rules are not yet published, last year's activities are offered.
        ruleset = ruleset or ruleset_in_force(this_year) or ruleset_in_force(this_year - 1)
        self.fields["activity"].choices = activity_choices(ruleset)
        if person is None or not (person.file_agency_id and person.unit_id):
            del self.fields["via_agency"]
        else:
            self.fields["via_agency"].help_text = _(
                "默认由工作单位（%(unit)s）登记；勾选后由%(agency)s登记"
            ) % {
                "unit": person.unit.name,
                "agency": person.file_agency.name,
            }

    def clean_quantity(self) -> int:
        return quantity_tenths(self.cleaned_data["quantity"])

    def claim_data(self) -> dict:
        """The record's fields as the services take them."""
        data = self.cleaned_data
        names = ("form", "activity", "subject_kind", "public_category", "title", "content", "organiser")
        claim = {name: data[name] for name in names}
        claim |= {name: data[name] for name in ("start_date", "end_date", "item_level", "certificate_number")}
        return claim | {"quantity_tenths": data["quantity"], "year": data["year"]}


class IssueForm(RecordForm):
    """A CE base issues a certificate of its own class: the attendee named by ID number and name."""

    person_id_number = forms.CharField(label=_("学员公民身份号码"), max_length=40)
    person_name = forms.CharField(label=_("学员姓名"), max_length=50)
    field_order = ["person_id_number", "person_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate_number"].required = True
        self.fields["organiser"].required = False
        self.fields["organiser"].help_text = _("不填则为本基地名称")
        for name in ("evidence", "via_agency", "year"):
            self.fields.pop(name, None)
        self.order_fields(self.field_order)

    def claim_data(self) -> dict:
        data = {**self.cleaned_data, "evidence": [], "year": None}
        self.cleaned_data = data
        return super().claim_data()


class RegisterForm(forms.Form):
    confirm_flags = forms.BooleanField(label=_("已核实提示，确认登记"), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("退回原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("专业技术人员会看到此原因，请写明需要修改或补充的内容"),
    )


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("添加证明材料"), help_text=_("PDF、JPG 或 PNG"))


class CorrectForm(forms.Form):
    reason = forms.CharField(label=_("更正原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    quantity = forms.CharField(
        label=_("更正后的数量"),
        max_length=10,
        required=False,
        help_text=_("按原折算方式填写；与“更正后的名称”都不填，则仅冲正（该记录不再计入学时）"),
    )
    title = forms.CharField(label=_("更正后的学习项目名称"), max_length=200, required=False)

    def clean_quantity(self) -> int | None:
        value = self.cleaned_data["quantity"].strip()
        return quantity_tenths(value) if value else None

    def replacement(self) -> dict | None:
        data = self.cleaned_data
        replacement = {}
        if data["quantity"] is not None:
            replacement["quantity_tenths"] = data["quantity"]
        if data["title"].strip():
            replacement["title"] = data["title"].strip()
        return replacement or None
