"""Number formats for zh-hans pages, over Django's own (which has no thousands separator): a clerk
reads "200,000 行" at a glance, as official statistics print it. Only where a template groups a
number (intcomma); the other formats are Django's."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
