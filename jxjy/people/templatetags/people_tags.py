from django import template

from jxjy.people.id_numbers import mask_id_number

register = template.Library()


@register.filter
def masked_id(number: str) -> str:
    return mask_id_number(number)
