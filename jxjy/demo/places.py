"""Where the demo happens: two prefectures of 新疆维吾尔自治区, a few of their counties, and the
organisations in them. Names are plausible, not real registrations; codes are GB/T 2260."""

from dataclasses import dataclass

from jxjy.organizations.choices import Industry as I  # short, so each row of the table fits a line
from jxjy.organizations.choices import OrgKind, UnitType

REGION = "650000"
PREFECTURES = {"650100": "乌鲁木齐市", "654000": "伊犁哈萨克自治州"}
COUNTIES = {
    "650102": "天山区",
    "650103": "沙依巴克区",
    "650104": "新市区",
    "650105": "水磨沟区",
    "650106": "头屯河区",
    "654002": "伊宁市",
    "654003": "奎屯市",
    "654021": "伊宁县",
    "654023": "霍城县",
    "654026": "昭苏县",
    "654027": "特克斯县",
}
# art. 5: remote and hard areas (艰苦边远地区) get special support; the statistics count them apart.
REMOTE_COUNTIES = ("654026", "654027")

# The place code a county had in a given year, newest first: (from year, code). A citizen ID number
# carries the code of its holder's place, and python-stdnum (which the platform's ID check uses)
# accepts a code only for people born while it existed. Urumqi's districts date from 1983 (before,
# 650120 市区); Ili's counties were 6524xx until 1984 and 6541xx (伊犁地区) until 2001.
PLACE_CODE_HISTORY = {code: ((1983, code), (0, "650120")) for code in COUNTIES if code.startswith("6501")} | {
    "654002": ((2001, "654002"), (1984, "654101"), (0, "652401")),
    "654003": ((2001, "654003"), (1984, "654001"), (0, "652402")),
    "654021": ((2001, "654021"), (1984, "654121"), (0, "652421")),
    "654023": ((2001, "654023"), (1984, "654123"), (0, "652423")),
    "654026": ((2001, "654026"), (1984, "654126"), (0, "652426")),
    "654027": ((2001, "654027"), (1984, "654127"), (0, "652427")),
}


def place_code_in(county: str, year: int) -> str:
    """The code `county` had in `year`, the one an ID number issued for a birth that year carries."""
    return next(code for since, code in PLACE_CODE_HISTORY[county] if year >= since)


# Share of Han, Uyghur and Kazakh names among the staff of each prefecture.
ETHNIC_MIX = {"650100": (70, 24, 6), "654000": (42, 28, 30)}

# Credit-code authority and type (GB 32100): 11 government body, 12 public institution,
# 51 social organisation, 91 enterprise.
CREDIT_PREFIX = {
    UnitType.ENTERPRISE: "91",
    UnitType.INSTITUTION: "12",
    UnitType.SOCIAL_ORGANISATION: "51",
}


@dataclass(frozen=True)
class DemoOrg:
    name: str
    region: str
    kind: str = OrgKind.UNIT
    unit_type: str = ""
    industry: str = ""
    staff: int = 0  # 0: drawn at random; a fixed number where the story needs one

    @property
    def credit_prefix(self) -> str:
        if self.kind == OrgKind.UNIT:
            return CREDIT_PREFIX[self.unit_type]
        if self.kind == OrgKind.INDUSTRY_ORGANISATION:
            return "51"
        if self.kind in (OrgKind.HR_DEPARTMENT, OrgKind.INDUSTRY_AUTHORITY):
            return "11"
        return "12"  # file agencies and CE bases are public institutions


E, P, S = UnitType.ENTERPRISE, UnitType.INSTITUTION, UnitType.SOCIAL_ORGANISATION


def _units() -> list[DemoOrg]:
    rows = [
        # 天山区
        ("天山区水务有限公司", "650102", E, I.D, 180),  # 李强's "180 staff" (journeys.md)
        ("乌鲁木齐市第一中学", "650102", P, I.P, 0),
        ("乌鲁木齐市第一人民医院", "650102", P, I.Q, 0),
        ("新疆大学", "650102", P, I.P, 0),
        ("新疆天山建筑设计研究院有限公司", "650102", E, I.M, 0),
        ("新疆华源会计师事务所有限公司", "650102", E, I.L, 0),
        ("天山区社区卫生服务中心", "650102", P, I.Q, 0),
        ("乌鲁木齐市软件行业协会", "650102", S, I.I, 0),
        ("新疆丝路文化传媒有限公司", "650102", E, I.R, 0),
        # 沙依巴克区
        ("沙依巴克区供水有限公司", "650103", E, I.D, 0),
        ("乌鲁木齐市第十三中学", "650103", P, I.P, 0),
        ("新疆西山热力有限责任公司", "650103", E, I.D, 0),
        ("沙依巴克区妇幼保健院", "650103", P, I.Q, 0),
        ("新疆红山建设工程有限公司", "650103", E, I.E, 0),
        ("乌鲁木齐市会计学会", "650103", S, I.M, 0),
        # 新市区
        ("新疆北园春农产品批发市场有限公司", "650104", E, I.F, 0),
        ("新市区人民医院", "650104", P, I.Q, 0),
        ("乌鲁木齐市第七十中学", "650104", P, I.P, 0),
        ("新疆天信软件科技有限公司", "650104", E, I.I, 0),
        ("新疆北站物流有限公司", "650104", E, I.G, 0),
        ("新市区农业技术推广中心", "650104", P, I.A, 0),
        # 水磨沟区
        ("水磨沟区中医医院", "650105", P, I.Q, 0),
        ("新疆水磨沟电力工程有限公司", "650105", E, I.D, 0),
        ("水磨沟区实验小学", "650105", P, I.P, 0),
        ("新疆温泉宾馆有限公司", "650105", E, I.H, 0),
        ("乌鲁木齐水磨沟小额贷款有限公司", "650105", E, I.J, 0),
        # 头屯河区
        ("新疆西部石化有限公司", "650106", E, I.C, 0),
        ("头屯河区人民医院", "650106", P, I.Q, 0),
        ("头屯河区农业技术推广站", "650106", P, I.A, 0),
        ("头屯河区第一中学", "650106", P, I.P, 0),
        ("新疆头屯河煤业有限公司", "650106", E, I.B, 0),
        # 伊宁市
        ("伊宁市人民医院", "654002", P, I.Q, 0),
        ("伊宁市第三中学", "654002", P, I.P, 0),
        ("伊犁职业技术学院", "654002", P, I.P, 0),
        ("伊宁市供排水有限责任公司", "654002", E, I.D, 0),
        ("伊犁河谷文化旅游有限公司", "654002", E, I.R, 0),
        ("伊宁市农业技术推广中心", "654002", P, I.A, 0),
        ("伊犁哈萨克自治州建筑业协会", "654002", S, I.E, 0),
        ("伊犁天马建设工程有限公司", "654002", E, I.E, 0),
        # 奎屯市
        ("奎屯市人民医院", "654003", P, I.Q, 0),
        ("奎屯市第一高级中学", "654003", P, I.P, 0),
        ("奎屯锦河化工有限公司", "654003", E, I.C, 0),
        ("奎屯市供热有限公司", "654003", E, I.D, 0),
        ("奎屯市交通运输服务中心", "654003", P, I.G, 0),
        # 伊宁县
        ("伊宁县人民医院", "654021", P, I.Q, 0),
        ("伊宁县畜牧兽医站", "654021", P, I.A, 0),
        ("伊宁县第二中学", "654021", P, I.P, 0),
        # 霍城县
        ("霍城县人民医院", "654023", P, I.Q, 0),
        ("霍城县农业技术推广站", "654023", P, I.A, 0),
        ("霍城县第一中学", "654023", P, I.P, 0),
        ("霍城县水利工程管理站", "654023", P, I.N, 0),
        # 昭苏县, 特克斯县 (remote)
        ("昭苏县人民医院", "654026", P, I.Q, 0),
        ("昭苏县畜牧兽医站", "654026", P, I.A, 0),
        ("昭苏县第一中学", "654026", P, I.P, 0),
        ("特克斯县人民医院", "654027", P, I.Q, 0),
        ("特克斯县农业技术推广站", "654027", P, I.A, 0),
    ]
    return [
        DemoOrg(name, region, OrgKind.UNIT, unit_type, industry, staff)
        for name, region, unit_type, industry, staff in rows
    ]


def _hr_departments() -> list[DemoOrg]:
    departments = [
        DemoOrg("新疆维吾尔自治区人力资源和社会保障厅", REGION, OrgKind.HR_DEPARTMENT, industry=I.S)
    ]
    for code, name in PREFECTURES.items():
        departments.append(DemoOrg(f"{name}人力资源和社会保障局", code, OrgKind.HR_DEPARTMENT, industry=I.S))
    for code, name in COUNTIES.items():
        # Urumqi's districts carry the city's name; Ili's counties and county-level cities stand alone.
        full = f"乌鲁木齐市{name}" if code.startswith("6501") else name
        departments.append(DemoOrg(f"{full}人力资源和社会保障局", code, OrgKind.HR_DEPARTMENT, industry=I.S))
    return departments


UNITS = _units()
FILE_AGENCIES = [
    DemoOrg("天山区人才服务中心", "650102", OrgKind.FILE_AGENCY, industry=I.L),
    DemoOrg("伊宁市人才服务中心", "654002", OrgKind.FILE_AGENCY, industry=I.L),
]
BASES = [
    DemoOrg("新疆大学继续教育学院", "650102", OrgKind.BASE, industry=I.P),
    DemoOrg("伊犁职业技术学院继续教育基地", "654002", OrgKind.BASE, industry=I.P),
]
AUTHORITIES = [
    DemoOrg("乌鲁木齐市水务局", "650100", OrgKind.INDUSTRY_AUTHORITY, industry=I.D),
    DemoOrg("伊犁哈萨克自治州卫生健康委员会", "654000", OrgKind.INDUSTRY_AUTHORITY, industry=I.Q),
    DemoOrg("新疆维吾尔自治区注册会计师协会", REGION, OrgKind.INDUSTRY_ORGANISATION, industry=I.L),
]
HR_DEPARTMENTS = _hr_departments()
ALL_ORGS = HR_DEPARTMENTS + AUTHORITIES + FILE_AGENCIES + BASES + UNITS
