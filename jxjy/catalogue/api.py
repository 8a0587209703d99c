"""/api/v1/catalogue: the subject guides, courses and textbooks of art. 7.

Reads are public: anyone may call the GET routes without logging in and sees published entries; a
signed-in editor also sees their drafts. Writes need a login and answer 404 for an entry the caller
may not maintain, whether or not it is published.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate
from ninja.security import HttpBearer, SessionAuth

from jxjy.access.auth import user_for_token
from jxjy.catalogue import services
from jxjy.catalogue.models import Course, Guide, GuideSubject, Textbook
from jxjy.catalogue.schemas import (
    CatalogueQuery,
    CourseCreate,
    CourseOut,
    CourseUpdate,
    GuideCreate,
    GuideDetailOut,
    GuideOut,
    GuideUpdate,
    RecommendIn,
    SubjectCreate,
    SubjectOut,
    SubjectUpdate,
    TextbookCreate,
    TextbookOut,
    TextbookUpdate,
)
from jxjy.catalogue.selectors import (
    CatalogueFilters,
    authorities_for,
    courses_visible_to,
    guides_visible_to,
    subjects_visible_to,
    textbooks_visible_to,
)
from jxjy.config.api_types import ObjectId
from jxjy.config.references import resolve_reference

router = Router(tags=["科目、课程与教材 catalogue"])


class _Bearer(HttpBearer):
    def authenticate(self, request, token):
        return user_for_token(token)


def _anyone(request):
    return AnonymousUser()


# Tried in order: a token, a session, else an anonymous reader (never a 401).
PUBLIC = [_Bearer(), SessionAuth(), _anyone]


def _filters(query: CatalogueQuery) -> CatalogueFilters:
    return CatalogueFilters(
        q=query.q,
        year=query.year,
        kind=query.kind or "",
        category=query.category or "",
        series=query.series or "",
        level=query.level or "",
        recommended=query.recommended,
    )


def _model_data(request, data: dict) -> dict:
    """Payload terms to model fields: published_by_id to an authority the caller acts for, no None
    for the blank category, tags as plain strings."""
    if not authorities_for(request.auth).exists():
        raise PermissionDenied(_("您无权维护科目与课程目录"))
    if "published_by_id" in data:
        data["published_by"] = resolve_reference(
            authorities_for(request.auth), "published_by_id", pk=data.pop("published_by_id")
        )
    if "public_category" in data:
        data["public_category"] = data["public_category"] or ""
    for tags in ("series", "levels"):
        if tags in data:
            data[tags] = [str(value) for value in data[tags] or []]
    return data


def _editable(model, request, pk: int):
    return model.objects.editable_by(request.auth).get(pk=pk)


# ---- guides and their subjects ----------------------------------------------------------------------


@router.get("/guides", response=list[GuideOut], auth=PUBLIC)
@paginate
def list_guides(request, query: Query[CatalogueQuery]):
    return guides_visible_to(request.auth, _filters(query))


@router.get("/guides/{int:guide_id}", response=GuideDetailOut, auth=PUBLIC)
def get_guide(request, guide_id: ObjectId):
    return guides_visible_to(request.auth).get(pk=guide_id)


@router.post("/guides", response={201: GuideOut})
def create_guide(request, payload: GuideCreate):
    guide = services.guide_create(actor=request.auth, data=_model_data(request, payload.dict()))
    return Status(201, guide)


@router.patch("/guides/{int:guide_id}", response=GuideOut)
def update_guide(request, guide_id: ObjectId, payload: GuideUpdate):
    guide = _editable(Guide, request, guide_id)
    data = _model_data(request, payload.dict(exclude_unset=True))
    return services.guide_update(actor=request.auth, guide=guide, data=data)


@router.get("/subjects", response=list[SubjectOut], auth=PUBLIC)
@paginate
def list_subjects(request, query: Query[CatalogueQuery]):
    return subjects_visible_to(request.auth, _filters(query))


@router.post("/guides/{int:guide_id}/subjects", response={201: SubjectOut})
def create_subject(request, guide_id: ObjectId, payload: SubjectCreate):
    guide = _editable(Guide, request, guide_id)
    data = _model_data(request, payload.dict())
    return Status(201, services.subject_create(actor=request.auth, guide=guide, data=data))


@router.patch("/subjects/{int:subject_id}", response=SubjectOut)
def update_subject(request, subject_id: ObjectId, payload: SubjectUpdate):
    subject = _editable(GuideSubject, request, subject_id)
    data = _model_data(request, payload.dict(exclude_unset=True))
    return services.subject_update(actor=request.auth, subject=subject, data=data)


# ---- courses ----------------------------------------------------------------------------------------


@router.get("/courses", response=list[CourseOut], auth=PUBLIC)
@paginate
def list_courses(request, query: Query[CatalogueQuery]):
    return courses_visible_to(request.auth, _filters(query))


@router.get("/courses/{int:course_id}", response=CourseOut, auth=PUBLIC)
def get_course(request, course_id: ObjectId):
    return courses_visible_to(request.auth).get(pk=course_id)


@router.post("/courses", response={201: CourseOut})
def create_course(request, payload: CourseCreate):
    course = services.course_create(actor=request.auth, data=_model_data(request, payload.dict()))
    return Status(201, course)


@router.patch("/courses/{int:course_id}", response=CourseOut)
def update_course(request, course_id: ObjectId, payload: CourseUpdate):
    course = _editable(Course, request, course_id)
    data = _model_data(request, payload.dict(exclude_unset=True))
    return services.course_update(actor=request.auth, course=course, data=data)


@router.post("/courses/{int:course_id}/recommend", response=CourseOut)
def recommend_course(request, course_id: ObjectId, payload: RecommendIn):
    return _recommend(request, _editable(Course, request, course_id), payload)


@router.post("/courses/{int:course_id}/unrecommend", response=CourseOut)
def unrecommend_course(request, course_id: ObjectId):
    return services.entry_unrecommend(actor=request.auth, entry=_editable(Course, request, course_id))


# ---- textbooks --------------------------------------------------------------------------------------


@router.get("/textbooks", response=list[TextbookOut], auth=PUBLIC)
@paginate
def list_textbooks(request, query: Query[CatalogueQuery]):
    return textbooks_visible_to(request.auth, _filters(query))


@router.get("/textbooks/{int:textbook_id}", response=TextbookOut, auth=PUBLIC)
def get_textbook(request, textbook_id: ObjectId):
    return textbooks_visible_to(request.auth).get(pk=textbook_id)


@router.post("/textbooks", response={201: TextbookOut})
def create_textbook(request, payload: TextbookCreate):
    textbook = services.textbook_create(actor=request.auth, data=_model_data(request, payload.dict()))
    return Status(201, textbook)


@router.patch("/textbooks/{int:textbook_id}", response=TextbookOut)
def update_textbook(request, textbook_id: ObjectId, payload: TextbookUpdate):
    textbook = _editable(Textbook, request, textbook_id)
    data = _model_data(request, payload.dict(exclude_unset=True))
    return services.textbook_update(actor=request.auth, textbook=textbook, data=data)


@router.post("/textbooks/{int:textbook_id}/recommend", response=TextbookOut)
def recommend_textbook(request, textbook_id: ObjectId, payload: RecommendIn):
    return _recommend(request, _editable(Textbook, request, textbook_id), payload)


@router.post("/textbooks/{int:textbook_id}/unrecommend", response=TextbookOut)
def unrecommend_textbook(request, textbook_id: ObjectId):
    return services.entry_unrecommend(actor=request.auth, entry=_editable(Textbook, request, textbook_id))


def _recommend(request, entry, payload: RecommendIn):
    by = None
    if payload.by_id is not None:
        by = resolve_reference(authorities_for(request.auth), "by_id", pk=payload.by_id)
    return services.entry_recommend(actor=request.auth, entry=entry, by=by)
