import datetime

import pytest
from django.utils import timezone

from jxjy.testing.records import registered

LAST_YEAR = timezone.localdate().year - 1


@pytest.fixture
def studied(rules, wang_fang, li_qiang):
    """王芳's last year, registered by her unit: 62.5 professional and 30 public hours (met)."""
    registered(
        wang_fang,
        li_qiang,
        start_date=datetime.date(LAST_YEAR, 3, 2),
        end_date=datetime.date(LAST_YEAR, 3, 9),
        quantity_tenths=625,
    )
    registered(
        wang_fang,
        li_qiang,
        start_date=datetime.date(LAST_YEAR, 5, 11),
        end_date=datetime.date(LAST_YEAR, 5, 14),
        quantity_tenths=300,
        subject_kind="public",
        title="公需科目：数字经济",
    )
    return LAST_YEAR
