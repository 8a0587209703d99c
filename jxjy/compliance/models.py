"""Per-person yearly totals, kept current by the services that register and reverse records (in the
same transaction), so a region's compliance list is a filter over one row per person and year
instead of a sum over every record."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jxjy.catalogue.choices import SubjectKind
from jxjy.rules.choices import StudyForm


class YearFormTotal(models.Model):
    """Registered hours of a person in a year by form and subject kind, before caps."""

    # Indexed by yearformtotal_once, which leads with the person (an import upserts a row per record).
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    form = models.CharField(max_length=32, choices=StudyForm.choices)
    subject_kind = models.CharField(max_length=16, choices=SubjectKind.choices)
    tenths = models.IntegerField(default=0)
    records = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year", "form", "subject_kind"], name="yearformtotal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.form} {self.subject_kind}"


class PendingYear(models.Model):
    """A person's year whose hours a bulk import has added and whose evaluation waits for the end of
    the file (compliance.services.totals_evaluate_pending), rather than following every batch.
    Written in the batch's transaction and deleted when the year is evaluated: a row of its own, so
    marking and clearing touch this narrow table, not the totals and their indexes."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="pendingyear_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}"


class YearTotal(models.Model):
    """A person's year as the rules in force count it: after caps, against their requirement."""

    person = models.ForeignKey(  # indexed by yeartotal_once, which leads with the person
        "people.Person", on_delete=models.CASCADE, related_name="year_totals", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    professional_tenths = models.IntegerField(_("专业科目学时"), default=0)
    public_tenths = models.IntegerField(_("公需科目学时"), default=0)
    total_tenths = models.IntegerField(_("总学时"), default=0)
    degree_study = models.BooleanField(_("学历教育"), default=False)
    met = models.BooleanField(_("达标"), default=False)
    rule_version = models.CharField(_("规则版本"), max_length=16, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="yeartotal_once")]
        indexes = [models.Index(fields=["year", "met"], name="yeartotal_year_met")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}"
