"""The demo catalogue loads, passes validation and is public."""

from django.contrib.auth.models import AnonymousUser

from jxjy.audit.models import AuditEntry
from jxjy.catalogue.demo import COURSES, TEXTBOOKS, load_catalogue_demo
from jxjy.catalogue.selectors import CatalogueFilters, courses_visible_to, guides_visible_to


def test_demo_catalogue(authorities, chen_region):
    counts = load_catalogue_demo(actor=chen_region, region_hr=authorities["hr_region"])
    assert counts == {"guides": 5, "subjects": 35, "courses": len(COURSES), "textbooks": len(TEXTBOOKS)}
    anyone = AnonymousUser()
    assert guides_visible_to(anyone, CatalogueFilters(year=2026)).count() == 2
    recommended = courses_visible_to(anyone, CatalogueFilters(recommended=True))
    assert recommended.count() == sum(row[6] for row in COURSES)
    # Water courses are the water bureau's (an authority of the demo's region), the rest the HR dept's.
    assert {course.published_by for course in courses_visible_to(anyone, CatalogueFilters(q="供水"))} == {
        authorities["water"]
    }
    assert AuditEntry.objects.filter(action="demo.load", object_type="catalogue.course").count() == 1
