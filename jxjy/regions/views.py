from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from jxjy.config.pages import paginate
from jxjy.regions.models import Region
from jxjy.regions.selectors import RegionFilters, region_visible_to, regions_visible_to


@login_required
def region_list(request):
    """Browse the division tree one level at a time, starting at the platform's jurisdiction."""
    code = request.GET.get("parent") or settings.JXJY_JURISDICTION
    try:
        parent = region_visible_to(request.user, code)
    except Region.DoesNotExist:
        raise Http404("行政区划不存在") from None
    query = request.GET.get("q", "").strip()
    filters = RegionFilters(q=query) if query else RegionFilters(parent_code=parent.code)
    trail = []
    node = parent
    while node is not None:
        trail.insert(0, node)
        node = node.parent
    return render(
        request,
        "regions/list.html",
        {
            "parent": parent,
            "trail": trail,
            "q": query,
            **paginate(request, regions_visible_to(request.user, filters), per_page=100),
        },
    )
