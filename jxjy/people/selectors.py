"""Reads of professionals, always through the user's scope (Person.objects.visible_to)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from jxjy.people.id_numbers import mask_id_number, normalize_id_number
from jxjy.people.models import Person
from jxjy.regions.selectors import subtree_prefix_of


@dataclass(frozen=True)
class PersonFilters:
    q: str = ""  # a name, part of one, or a whole ID number
    unit_id: int | None = None
    region_code: str = ""
    series: str = ""
    level: str = ""
    in_service: bool | None = None


def people_visible_to(user, filters: PersonFilters = PersonFilters()) -> QuerySet[Person]:
    people = Person.objects.visible_to(user).select_related("unit", "file_agency", "region")
    query = filters.q.strip()
    if query:
        id_number = normalize_id_number(query)
        # A whole ID number finds exactly that person; anything else searches names.
        if len(id_number) == 18 and id_number[:17].isdigit():
            people = people.filter(id_number=id_number)
        else:
            people = people.filter(name__contains=query)
    if filters.unit_id:
        people = people.filter(unit_id=filters.unit_id)
    if filters.region_code:
        people = people.filter(region__code__startswith=subtree_prefix_of(filters.region_code))
    if filters.series:
        people = people.filter(series=filters.series)
    if filters.level:
        people = people.filter(level=filters.level)
    if filters.in_service is not None:
        people = people.filter(in_service=filters.in_service)
    return people


def person_visible_to(user, person_id: int) -> Person:
    """The person, or Person.DoesNotExist when they do not exist or are outside the user's scope."""
    return people_visible_to(user).get(pk=person_id)


def shown_id_number(person: Person, full: bool) -> str:
    return person.id_number if full else mask_id_number(person.id_number)
