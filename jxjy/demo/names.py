"""Names for demo people: Han names (surname and one or two characters), and Uyghur and Kazakh names
written as in Chinese documents, given name and father's name joined by a middle dot."""

import random

HAN = "han"
UYGHUR = "uyghur"
KAZAKH = "kazakh"
ETHNICITIES = (HAN, UYGHUR, KAZAKH)

# The commonest surnames, roughly by frequency (马 is also the commonest Hui surname in Xinjiang).
HAN_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林"
    "郑梁谢唐许冯宋韩邓彭曹曾田萧潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂焦向柳邢岳齐"
)
HAN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国峰文斌亮成志新海东晨博昊然晓"
HAN_FEMALE = "芳娜敏静丽艳娟霞秀燕玲桂英红梅琳雪慧倩婷颖洁佳瑶悦欣怡晶萍丹蓉璐娇琴云莉妍雯薇岚"

UYGHUR_MALE = (
    "艾力",
    "买买提",
    "阿不都热依木",
    "吐尔逊",
    "艾尔肯",
    "伊力哈木",
    "阿布都拉",
    "热合曼",
    "库尔班",
    "依明",
    "帕尔哈提",
    "迪力夏提",
    "艾克拜尔",
    "麦麦提",
    "阿迪力",
    "亚森",
    "吾斯曼",
    "卡德尔",
    "赛买提",
    "努尔艾力",
    "阿里木",
    "木合塔尔",
    "如则",
    "塔依尔",
    "肉孜",
    "玉素甫",
    "阿不来提",
    "吐尔洪",
)
UYGHUR_FEMALE = (
    "阿依古丽",
    "古丽娜尔",
    "热依拉",
    "迪丽努尔",
    "帕提古丽",
    "米热古丽",
    "努尔古丽",
    "再努尔",
    "阿依努尔",
    "祖丽胡玛尔",
    "玛依拉",
    "热孜万古丽",
    "布合力其",
    "阿依夏木",
    "哈丽旦",
    "米娜瓦尔",
    "茹克亚",
    "古再丽努尔",
    "帕丽达",
    "阿孜古丽",
    "努尔比亚",
    "凯丽比努尔",
)
KAZAKH_MALE = (
    "努尔兰",
    "叶尔兰",
    "别克",
    "达吾列提",
    "哈那提",
    "阿斯哈尔",
    "叶尔波拉提",
    "加那尔别克",
    "巴合提",
    "木拉提",
    "赛力克",
    "叶尔江",
    "马合沙提",
    "叶尔肯",
    "哈布力",
    "波拉提",
    "吐尔逊别克",
    "阿依登",
    "别尔克",
    "努尔别克",
    "阿合买提",
    "胡安德克",
)
KAZAKH_FEMALE = (
    "古丽米拉",
    "加娜尔",
    "阿克边",
    "热依汗",
    "玛丽亚",
    "阿娜尔",
    "沙吾列",
    "古丽巴哈尔",
    "达娜",
    "哈丽玛",
    "阿依达娜",
    "叶尔克",
    "古丽孜拉",
    "加米拉",
    "阿依古丽",
    "努尔加玛丽",
    "萨吾列",
    "阿丽米拉",
)


def person_name(rng: random.Random, ethnicity: str, male: bool) -> str:
    if ethnicity == HAN:
        surname = rng.choice(HAN_SURNAMES[:30]) if rng.random() < 0.7 else rng.choice(HAN_SURNAMES)
        pool = HAN_MALE if male else HAN_FEMALE
        given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(pool) + rng.choice(pool)
        return surname + given
    if ethnicity == UYGHUR:
        given = rng.choice(UYGHUR_MALE if male else UYGHUR_FEMALE)
        return f"{given}·{rng.choice(UYGHUR_MALE)}"
    given = rng.choice(KAZAKH_MALE if male else KAZAKH_FEMALE)
    return f"{given}·{rng.choice(KAZAKH_MALE)}"
