"""The demo logins: one list read by `load_demo`, `demo_logins`, the tests and the README.

Every login shares one password. It is printed by `make run` and written in the README, so it must
never be used outside a demo database; it passes Django's password validators like any other.
"""

from dataclasses import dataclass

from jxjy.access.choices import Role
from jxjy.organizations.choices import Industry
from jxjy.people.choices import ProfessionalSeries, TitleLevel

DEMO_PASSWORD = "Jxjy-demo-2026"


@dataclass(frozen=True)
class DemoGrant:
    """A role and where it is held: an organisation by its demo name, and/or a division by its code."""

    role: str
    organization: str = ""
    region: str = ""
    industry: str = ""


@dataclass(frozen=True)
class DemoPerson:
    """The professional behind a login. The ID number is fixed so the login name never changes;
    its first six digits are the county of `unit`."""

    id_number: str
    name: str
    unit: str
    series: str
    level: str


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    description: str  # 角色说明, shown in the table `make run` prints
    grants: tuple[DemoGrant, ...]
    person: DemoPerson | None = None


WANG_FANG = DemoPerson(
    id_number="650102198803150025",
    name="王芳",
    unit="天山区水务有限公司",
    series=ProfessionalSeries.ENGINEERING,
    level=TitleLevel.INTERMEDIATE,
)
AYGUL = DemoPerson(
    id_number="650102198406120041",
    name="阿依古丽·买买提",
    unit="乌鲁木齐市第一中学",
    series=ProfessionalSeries.SCHOOL_TEACHING,
    level=TitleLevel.DEPUTY_SENIOR,
)

DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin(
        WANG_FANG.id_number,
        "王芳",
        "专业技术人员（天山区水务有限公司，用公民身份号码登录）",
        (DemoGrant(Role.PROFESSIONAL),),
        person=WANG_FANG,
    ),
    DemoLogin(
        "liqiang",
        "李强",
        "单位经办人（天山区水务有限公司，王芳所在单位）",
        (DemoGrant(Role.UNIT_OFFICER, organization="天山区水务有限公司"),),
    ),
    DemoLogin(
        "otherunit",
        "古丽娜尔",
        "另一单位的经办人（伊宁市人民医院）",
        (DemoGrant(Role.UNIT_OFFICER, organization="伊宁市人民医院"),),
    ),
    DemoLogin(
        "agency",
        "刘敏",
        "人才服务机构经办人（天山区人才服务中心）",
        (DemoGrant(Role.AGENCY_CLERK, organization="天山区人才服务中心"),),
    ),
    DemoLogin(
        "zhanglaoshi",
        "张老师",
        "继续教育基地管理员（新疆大学继续教育学院）",
        (DemoGrant(Role.BASE_REGISTRAR, organization="新疆大学继续教育学院"),),
    ),
    DemoLogin(
        "zhaokezhang",
        "赵科长",
        "县级人社部门工作人员（天山区）",
        (DemoGrant(Role.HR_OFFICER, organization="乌鲁木齐市天山区人力资源和社会保障局", region="650102"),),
    ),
    DemoLogin(
        "prefecture",
        "周主任",
        "地级人社部门工作人员（乌鲁木齐市）",
        (DemoGrant(Role.HR_OFFICER, organization="乌鲁木齐市人力资源和社会保障局", region="650100"),),
    ),
    DemoLogin(
        "chenchuzhang",
        "陈处长",
        "自治区人社部门工作人员（新疆维吾尔自治区人力资源和社会保障厅）",
        (DemoGrant(Role.HR_OFFICER, organization="新疆维吾尔自治区人力资源和社会保障厅", region="650000"),),
    ),
    DemoLogin(
        "industry",
        "吴科长",
        "行业主管部门工作人员（乌鲁木齐市水务局，电力、热力、燃气及水行业）",
        (DemoGrant(Role.INDUSTRY_OFFICER, region="650100", industry=Industry.D),),
    ),
    DemoLogin(
        "admin",
        "平台管理员",
        "平台管理员",
        (DemoGrant(Role.PLATFORM_ADMIN),),
    ),
    DemoLogin(
        "twohats",
        "阿依古丽·买买提",
        "专业技术人员兼本单位经办人（乌鲁木齐市第一中学）",
        (DemoGrant(Role.PROFESSIONAL), DemoGrant(Role.UNIT_OFFICER, organization="乌鲁木齐市第一中学")),
        person=AYGUL,
    ),
)
